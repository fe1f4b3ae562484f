"""The cases app (社情民意): intake, list, case page, figures, departments, the progress board."""
