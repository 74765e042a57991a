"""What a published report's PDF must have to count as accessible, read back from the file
(pypdf): a structure tree (tagged), the document's language, its title shown in the window,
and headings. Used by the tests and the browser journey that download the PDF."""

from io import BytesIO


def structure(pdf: bytes) -> dict:
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(pdf))
    root = reader.trailer["/Root"]
    tags: set[str] = set()

    def walk(node, depth=0):
        node = node.get_object()
        if depth > 200:
            return
        if isinstance(node, dict) or hasattr(node, "get"):
            kind = node.get("/S")
            if kind:
                tags.add(str(kind))
            kids = node.get("/K")
            if kids is None:
                return
            if not isinstance(kids, list):
                kids = [kids]
            for kid in kids:
                if hasattr(kid, "get_object") and hasattr(kid.get_object(), "get"):
                    walk(kid, depth + 1)

    tree = root.get("/StructTreeRoot")
    if tree is not None:
        walk(tree)
    viewer = root.get("/ViewerPreferences") or {}
    return {
        "tagged": tree is not None and bool((root.get("/MarkInfo") or {}).get("/Marked")),
        "language": str(root.get("/Lang", "")),
        "title": str((reader.metadata or {}).get("/Title", "")),
        "shows_title": bool(viewer.get("/DisplayDocTitle")),
        "tags": tags,
        "pages": len(reader.pages),
    }
