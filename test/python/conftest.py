import sys
from pathlib import Path

# The app is importable from the repository root through the wix_integration symlink.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
