"""Files → ``Document``s.

Finds the documents under the paths given, decodes them and keeps the map
from text offsets back to the file's lines and columns.  It must not
interpret the text: that is ``extract``'s job.
"""

from citecheck.ingest.files import SUPPORTED_SUFFIXES, discover, load_document

__all__ = ["SUPPORTED_SUFFIXES", "discover", "load_document"]
