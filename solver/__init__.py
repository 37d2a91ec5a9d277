"""The solver: rules, CP-SAT model, solve, explanation, validation."""
