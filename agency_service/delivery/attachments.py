"""What may be attached to the work with a client: documents, never programs. A brief's references, a
proposal's document, a file a client sends on the portal — an .exe (or any other executable) is refused
by its name, by the content type it was sent as, and by its first bytes, whichever gives it away."""

import os

import frappe
from frappe import _
from frappe.core.doctype.file.utils import decode_file_content
from frappe.utils import escape_html

EXECUTABLE_EXTENSIONS = frozenset(
	(
		".exe", ".msi", ".msp", ".com", ".scr", ".pif", ".bat", ".cmd", ".dll", ".sys", ".cpl", ".ocx",
		".vbs", ".vbe", ".jse", ".wsf", ".wsh", ".hta", ".ps1", ".psm1", ".lnk", ".reg", ".jar",
		".sh", ".bash", ".run", ".bin", ".elf", ".so", ".app", ".apk", ".dmg", ".deb", ".rpm",
		".appx", ".msix", ".gadget", ".application",
	)
)  # fmt: skip
EXECUTABLE_CONTENT_TYPES = frozenset(
	(
		"application/x-msdownload",
		"application/x-dosexec",
		"application/x-msdos-program",
		"application/x-executable",
		"application/x-elf",
		"application/x-mach-binary",
		"application/x-sharedlib",
		"application/x-ms-installer",
		"application/x-msi",
		"application/vnd.microsoft.portable-executable",
		"application/java-archive",
		"application/x-sh",
		"application/x-bat",
		"application/vnd.android.package-archive",
	)
)
# first bytes of Windows (MZ), Linux (ELF) and macOS (Mach-O) programs, and of scripts (#!)
EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xcf\xfa\xed\xfe", b"#!")
MODULE = "Agency Service"


class ExecutableAttachmentError(frappe.ValidationError):
	pass


def extension(file_name_or_url: str | None) -> str:
	return os.path.splitext((file_name_or_url or "").split("?")[0])[1].lower()


def is_executable(
	file_name: str | None, content: bytes | None = None, content_type: str | None = None
) -> bool:
	if extension(file_name) in EXECUTABLE_EXTENSIONS:
		return True
	if (content_type or "").split(";")[0].strip().lower() in EXECUTABLE_CONTENT_TYPES:
		return True
	head = content[:4] if isinstance(content, bytes | bytearray) else b""
	return any(head.startswith(magic) for magic in EXECUTABLE_MAGIC)


def refuse_executable(file_name: str | None, content: bytes | None = None, content_type: str | None = None):
	if is_executable(file_name, content, content_type):
		frappe.throw(
			_("{0} is a program, not a document: executable files cannot be attached.").format(
				frappe.bold(escape_html(os.path.basename(file_name or "") or _("This file")))
			),
			title=_("File Refused"),
			exc=ExecutableAttachmentError,
		)


def uploaded_content_type(file_name: str | None) -> str | None:
	"""The content type the browser sent with this request's upload of ``file_name`` (desk upload)."""
	request = getattr(frappe.local, "request", None)
	files = getattr(request, "files", None) if request else None
	if not files:
		return None
	for upload in files.values():
		if upload and upload.filename and os.path.basename(upload.filename) == file_name:
			return upload.mimetype
	return None


def check_attached_file(doc):
	"""A new File attached to one of the app's own documents is not a program — whatever the way in (the
	desk's upload, ``/api/method/upload_file``, ``/api/resource/File``). Called by the File class before
	Frappe stores or reads the content (an .exe named .pdf would otherwise fail Frappe's PDF check with a
	server error)."""
	if not doc.is_new() or doc.get("is_folder") or not doc.get("attached_to_doctype"):
		return
	if frappe.db.get_value("DocType", doc.attached_to_doctype, "module") != MODULE:
		return
	content = doc.get("content")
	if doc.get("decode") and content:
		content = decode_file_content(content)
	elif isinstance(content, str):
		content = content.encode()
	refuse_executable(doc.file_name or doc.file_url, content, uploaded_content_type(doc.file_name))
