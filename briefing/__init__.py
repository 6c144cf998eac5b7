"""briefing: Dutch news into English, sentence by sentence, as bilingual briefings."""

__version__ = "0.1.0"
