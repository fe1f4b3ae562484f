"""The evaluations app (满意度测评) and the station's kiosk."""
