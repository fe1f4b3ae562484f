"""The citizen-opinion loop (社情民意闭环): intake, assignment, answer, evaluation, figures, ledgers."""
