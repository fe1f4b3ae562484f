"""Livelihood projects (民生实事项目票决制): proposals, the vote and its secret ballot box, the count,
supervision of the chosen projects."""
