"""The prohibited-term check of ad copy (广告内容审核, 004 §5.3.2): pure rules, no database.

A term list (``Ad Content Term List``, kept by Legal) holds expressions of the advertising law — absolute
terms (最佳, 第一, 国家级 …), claims that need proof, endorsements — each with its Traditional-Chinese
form. The copy is checked by one Aho-Corasick automaton built from the whole list (once per list version,
then cached by the caller): one pass over the text whatever the number of terms, not a loop of regular
expressions.

Simplified and Traditional forms are matched alike by folding the text and the terms to one form with a
character map (Traditional → Simplified, Latin capitals → small letters) before matching. The map is
built from the list's own pairs (国家级 / 國家級 gives 國→国, 級→级) plus a small table of common
characters. Every folding is one character for one character, so a hit's position in the folded text is
its position in the copy as written.
"""

from dataclasses import dataclass

MAX_TERM_LENGTH = 40
CONTEXT_CHARS = 12

# Common Traditional → Simplified characters of advertising claims, for copy written in Traditional
# Chinese whose terms the list gives only in Simplified form. The list's own pairs extend it.
BASE_FOLDING = dict(
	zip(
		"國級極優質權專證療醫藥險資財學獎薦廣體驗號顯絕對獨無頂萬過錄統衛東實時當發開關門變點線",
		"国级极优质权专证疗医药险资财学奖荐广体验号显绝对独无顶万过录统卫东实时当发开关门变点线",
		strict=True,
	)
)


class InvalidTermError(ValueError):
	"""A term the list cannot hold; ``args[0]`` is a message key, ``args[1:]`` its values."""


@dataclass(frozen=True)
class Term:
	term: str
	term_zh_tw: str = ""
	rule: str = ""
	category: str = ""


@dataclass(frozen=True)
class Hit:
	start: int  # 0-based character offset in the copy
	end: int
	matched: str  # the text as written in the copy
	term: Term


def term_problem(term: str, term_zh_tw: str = "") -> tuple | None:
	"""Why a term cannot be on the list, as (message key, values), or None when it can.

	A term is literal text: blank, a line break, longer than MAX_TERM_LENGTH, or a Traditional form that
	does not pair character for character with the Simplified one are refused."""
	if not (term or "").strip():
		return ("blank",)
	for form in (term, term_zh_tw or ""):
		if any(ch in form for ch in "\r\n\t"):
			return ("line_break", form)
		if len(form) > MAX_TERM_LENGTH:
			return ("too_long", form, MAX_TERM_LENGTH)
		if form != form.strip():
			return ("spaces", form)
	if term_zh_tw and len(term_zh_tw) != len(term):
		return ("unpaired", term, term_zh_tw)
	return None


def folding_map(terms: list[Term]) -> dict[int, int]:
	"""The character map (for ``str.translate``) that folds Traditional to Simplified and capitals to small
	letters. Raises InvalidTermError when two pairs of the list map one character two ways."""
	folding = dict(BASE_FOLDING)
	taken_from: dict[str, str] = {}
	for entry in terms:
		for traditional, simplified in zip(entry.term_zh_tw or "", entry.term, strict=False):
			if traditional == simplified:
				continue
			known = folding.get(traditional)
			if known and known != simplified and traditional in taken_from:
				raise InvalidTermError("conflict", traditional, known, simplified, taken_from[traditional])
			folding[traditional] = simplified
			taken_from[traditional] = entry.term
	table = {ord(k): ord(v) for k, v in folding.items()}
	for code in range(ord("A"), ord("Z") + 1):
		table[code] = code + 32
	for code in range(0xFF21, 0xFF3B):  # full-width capitals fold to ASCII small letters
		table[code] = code - 0xFF21 + ord("a")
	for code in range(0xFF41, 0xFF5B):
		table[code] = code - 0xFF41 + ord("a")
	for code in range(0xFF10, 0xFF1A):  # full-width digits
		table[code] = code - 0xFF10 + ord("0")
	return table


class TermMatcher:
	"""An Aho-Corasick automaton over the folded terms of one list. Build once, match many times."""

	def __init__(self, terms: list[Term]):
		self.table = folding_map(terms)
		self.terms: dict[str, list[Term]] = {}
		for entry in terms:
			problem = term_problem(entry.term, entry.term_zh_tw)
			if problem:
				raise InvalidTermError(*problem)
			self.terms.setdefault(entry.term.translate(self.table), []).append(entry)
		self.build()

	def build(self):
		goto: list[dict[str, int]] = [{}]
		out: list[tuple[str, ...]] = [()]
		for folded in self.terms:
			state = 0
			for ch in folded:
				nxt = goto[state].get(ch)
				if nxt is None:
					nxt = len(goto)
					goto[state][ch] = nxt
					goto.append({})
					out.append(())
				state = nxt
			out[state] = (*out[state], folded)
		fail = [0] * len(goto)
		root = goto[0]
		# the full transition function, stored as what differs from the root's: a step is then one or two
		# dictionary look-ups, never a walk along failure links
		delta: list[dict[str, int]] = [{} for _ in goto]
		queue = list(root.values())
		for state in queue:  # breadth first: a state's failure link is set before its children's
			inherited = delta[fail[state]] if state else {}
			delta[state] = {**inherited, **goto[state]}
			for ch, child in goto[state].items():
				queue.append(child)
				target = delta[fail[state]].get(ch, root.get(ch, 0)) if state else 0
				fail[child] = target if target != child else 0
				out[child] = out[child] + out[fail[child]]
		self.root, self.delta, self.out = root, delta, out
		self.terminal = frozenset(state for state, found in enumerate(out) if found)

	def fold(self, text: str) -> str:
		return text.translate(self.table)

	def find(self, text: str) -> list[Hit]:
		"""Every occurrence of every term in ``text`` (overlaps included), in order of position."""
		folded = self.fold(text)
		root, delta, out, terminal = self.root, self.delta, self.out, self.terminal
		found: list[tuple[int, str]] = []
		state = 0
		for index, ch in enumerate(folded):
			nxt = delta[state].get(ch)
			state = root.get(ch, 0) if nxt is None else nxt
			if state in terminal:
				for folded_term in out[state]:
					found.append((index + 1 - len(folded_term), folded_term))
		return self.hits(text, found)

	def hits(self, text: str, found: list[tuple[int, str]]) -> list[Hit]:
		result = []
		for start, folded_term in sorted(found, key=lambda f: (f[0], -len(f[1]))):
			end = start + len(folded_term)
			for entry in self.terms[folded_term]:
				result.append(Hit(start, end, text[start:end], entry))
		return result

	def find_naive(self, text: str) -> list[Hit]:
		"""The same hits by a plain search of every term: the cross-check of the automaton."""
		folded = self.fold(text)
		found = []
		for folded_term in self.terms:
			at = folded.find(folded_term)
			while at != -1:
				found.append((at, folded_term))
				at = folded.find(folded_term, at + 1)
		return self.hits(text, found)


def context_of(text: str, hit: Hit, width: int = CONTEXT_CHARS) -> str:
	"""The hit in its surroundings, the term marked 【】, on one line."""
	before = text[max(0, hit.start - width) : hit.start]
	after = text[hit.end : hit.end + width]
	snippet = f"{'…' if hit.start > width else ''}{before}【{hit.matched}】{after}"
	snippet += "…" if hit.end + width < len(text) else ""
	return " ".join(snippet.split())


def line_and_column(text: str, offset: int) -> tuple[int, int]:
	"""1-based line and column of a 0-based offset."""
	line = text.count("\n", 0, offset) + 1
	column = offset - (text.rfind("\n", 0, offset) + 1) + 1
	return line, column
