"""Satisfaction evaluations (满意度测评): rounds, codes, responses once, results and the verdict."""
