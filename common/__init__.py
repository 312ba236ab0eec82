"""Small helpers shared by knowledge/ and rules/: strict YAML reading and text folding."""
