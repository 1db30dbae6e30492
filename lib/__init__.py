"""Small helpers every app may use: no models, no imports from the project's apps."""
