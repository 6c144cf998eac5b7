"""Stage 3, Dutch into English: the engines, the translation memory, the glossary."""
