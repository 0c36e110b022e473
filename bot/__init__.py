"""驿站助手: channel, dialogue, storage and operations around the knowledge base."""
