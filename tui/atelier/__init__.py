"""The training-evening presenter mode (`amguide atelier`): chapters as slides, quiz with the room's tally,
expectations, questions from the room, a volunteer's simulation, Markdown export."""
