"""Small helpers shared by knowledge/, rules/ and chatbot/: strict YAML, text folding and French
formats, the user's directories and the on-disk cache of built data."""
