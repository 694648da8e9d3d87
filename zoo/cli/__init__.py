"""The command lines: parse flags, call the library, print. One module per command."""
