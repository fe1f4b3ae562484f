"""`python -m toolkit.public [PORT]`: the public pages on their own, for trying them (not yet `liaison serve`)."""
import sys

from .app import serve

serve(int(sys.argv[1]) if len(sys.argv) > 1 else 8868)
