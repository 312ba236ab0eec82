"""Understanding and conversation: normalise, match, extract, and decide what to say next."""
