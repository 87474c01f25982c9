"""Spanish <-> English machine translation with Apertium, for matching only (never shown).

Starting `apertium` costs about 300 ms, translating a short query in a running
pipeline 2-3 ms, so each direction keeps ONE pipeline open for the life of the
process, in null-flush mode: every text is written followed by a NUL byte and its
translation comes back followed by a NUL byte. The pipeline is the pair's own mode
file, made null-flushing by `apertium-wblank-mode -z` (the `apertium` wrapper's
text deformatter does not pass NUL bytes through). A lock per direction keeps
concurrent callers (the action server's threads) from interleaving their texts.

Without Apertium on the machine `start_translator` returns None, logs once how to
install it, and the knowledge base searches in the question's own language only.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

logger = logging.getLogger(__name__)

INSTALL_HINT = "sudo apt-get install apertium apertium-en-es"
#: Apertium pair mode of each (source, target) language.
PAIRS: Dict[tuple, str] = {("es", "en"): "spa-eng", ("en", "es"): "eng-spa"}
MODE_DIRS = (Path("/usr/share/apertium/modes"), Path("/usr/local/share/apertium/modes"))
#: Characters with a meaning in Apertium's stream format; they carry nothing for matching.
_STREAM_CHARS = re.compile(r"[\\^$@/<>\[\]{}\x00]")
_warned = False


#: Spanish words whose first Apertium sense is not the one they have in software support ("correo"
#: -> "post", "factura" -> "bill", "adjuntos" left unknown), each with the English word it means
#: there. The English word is put in the Spanish text before translating; Apertium passes a word it
#: does not know through unchanged, so the translation says "emails" where the article in English
#: says "e-mails" and the customer meant e-mail. Whole words only, longest phrase first.
SUPPORT_SENSES_ES = (
    (r"correos? basura", "spam"),
    (r"correos electr[oó]nicos", "emails"),
    (r"correo electr[oó]nico", "email"),
    # the postal sense stays: "correo postal", "correo certificado", "correo ordinario"
    (r"correos(?! (?:postal|postales|certificados?|ordinarios?)\b)", "emails"),
    (r"correo(?! (?:postal|certificado|ordinario)\b)", "email"),
    (r"facturas", "invoices"),
    (r"factura", "invoice"),
    (r"adjuntos", "attachments"),
)
_SENSES_ES = [(re.compile(rf"\b{pattern}\b", re.IGNORECASE), word) for pattern, word in SUPPORT_SENSES_ES]
#: "solo/sola/solos/solas" right after a reflexive verb and closing the clause ("que los correos se
#: archiven solos", "se me cierra solo", "se guarden por sí solos") is "by themselves": automatically.
#: Apertium reads it as the adjective "alone" or leaves it unknown. Only the reflexive "se (me|te|nos|
#: le|les)? <verb>" form: after "que" + verb it is a person alone ("alguien que trabaja solo"). "solo"
#: before more words ("que sea solo lectura", "se puede solo con la versión plus") is "only" and stays.
_BY_ITSELF_ES = re.compile(r"\b(se\s+(?:(?:me|te|nos|os|le|les)\s+)?\w+\s+)(?:s[oó]l[oa]s?|por s[ií] s[oó]l[oa]s?)"
                           r"(?=\s*(?:$|[?!.,;:)]|\s(?:y|o|cuando|sin)\b))", re.IGNORECASE)
#: "Correos" as the postal service: capitalised inside a sentence ("una carta de Correos", "por
#: Correos"), "por correos" with no article ("lo envié por correos") or "oficina de correos". Lowercase
#: "de correos" stays e-mails ("envío de correos", "lista de correos"), as does "Correos" opening a sentence.
_POSTAL_SERVICE = re.compile(r"(?<=[^\W\d_]\s)Correos\b|\bpor\s+correos\b(?!\s+electr)"
                             r"|\boficinas?\s+de\s+correos\b")


def _postal_spans(text: str) -> List[Tuple[int, int]]:
    """Where `text` names Correos, the postal service (`_POSTAL_SERVICE`): spans its "correos"."""
    return [(m.end() - len("correos"), m.end()) for m in _POSTAL_SERVICE.finditer(text)]


def with_support_senses(text: str) -> str:
    """A Spanish `text` with the words of `SUPPORT_SENSES_ES` in their English support sense and a
    clause-final "solos" ("se archiven solos") as "automáticamente", ready for Apertium es->en.
    Correos, the postal service ("por Correos"), stays as written.

    >>> with_support_senses("¿cómo hago para que los correos con facturas se archiven solos?")
    '¿cómo hago para que los emails con invoices se archiven automáticamente?'
    """
    text = _BY_ITSELF_ES.sub(lambda m: m.group(1) + "automáticamente", text)
    pieces, last = [], 0
    for start, end in _postal_spans(text) + [(len(text), len(text))]:
        piece = text[last:start]
        for pattern, word in _SENSES_ES:
            piece = pattern.sub(lambda m, w=word: w.capitalize() if m.group(0)[0].isupper() else w, piece)
        pieces += [piece, text[start:end]]
        last = end
    return "".join(pieces)


class TranslationError(RuntimeError):
    """The Apertium pipeline died or answered garbage."""


def other_language(language: str) -> str:
    """"es" <-> "en"."""
    return "en" if language == "es" else "es"


def _mode_file(pair: str) -> Optional[Path]:
    for directory in MODE_DIRS:
        path = directory / f"{pair}.mode"
        if path.is_file():
            return path
    return None


def apertium_available() -> bool:
    """True when both modes and the tool that makes them null-flushing are installed."""
    return shutil.which("apertium-wblank-mode") is not None and all(_mode_file(p) for p in PAIRS.values())


def clean(text: str) -> str:
    """`text` without Apertium's stream characters (which would be read as markup)."""
    return _STREAM_CHARS.sub(" ", text)


class ApertiumPipe:
    """One running null-flush pipeline for one direction; thread-safe."""

    def __init__(self, pair: str) -> None:
        mode = _mode_file(pair)
        if mode is None:
            raise TranslationError(f"no Apertium mode {pair}")
        script = subprocess.run(["apertium-wblank-mode", "-z", str(mode)], check=True, capture_output=True,
                                text=True).stdout
        # $1: generation option (-n: no marks on unknown words); $2: tagger option (none)
        self.script = script.replace("$1", "-n").replace("$2", "")
        self.pair = pair
        self._lock = threading.Lock()
        self._process: Optional[subprocess.Popen] = None
        self._buffer = b""

    def _start(self) -> subprocess.Popen:
        env = dict(os.environ, LC_ALL="C.UTF-8")
        self._buffer = b""
        self._process = subprocess.Popen(["bash", "-c", self.script], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.DEVNULL, env=env)
        return self._process

    def _read_one(self, process: subprocess.Popen) -> str:
        while b"\0" not in self._buffer:
            chunk = process.stdout.read1(65536)
            if not chunk:
                raise TranslationError(f"Apertium {self.pair} stopped")
            self._buffer += chunk
        out, _, self._buffer = self._buffer.partition(b"\0")
        return out.decode("utf-8", errors="replace").strip()

    def translate_many(self, texts: Sequence[str]) -> List[str]:
        """Translate `texts` in order through the running pipeline (started on first use,
        restarted once if it died). A writer thread feeds it so a long batch cannot
        fill both pipe buffers and deadlock."""
        if not texts:
            return []
        # lt-proc -b only flushes a text that ends in a blank, hence the newline before NUL
        payload = [(" ".join(clean(t).split("\0")).rstrip() + "\n\0").encode("utf-8") for t in texts]
        with self._lock:
            for attempt in (1, 2):
                process = self._process if self._process and self._process.poll() is None else self._start()
                try:
                    if len(payload) == 1:
                        process.stdin.write(payload[0])
                        process.stdin.flush()
                        return [self._read_one(process)]
                    writer = threading.Thread(target=self._write_all, args=(process, payload), daemon=True)
                    writer.start()
                    results = [self._read_one(process) for _ in payload]
                    writer.join()
                    return results
                except (OSError, TranslationError):
                    self.close_locked()
                    if attempt == 2:
                        raise TranslationError(f"Apertium {self.pair} failed twice") from None
        return []  # unreachable

    @staticmethod
    def _write_all(process: subprocess.Popen, payload: List[bytes]) -> None:
        try:
            for item in payload:
                process.stdin.write(item)
            process.stdin.flush()
        except OSError:
            pass

    def close_locked(self) -> None:
        if self._process is not None:
            try:
                self._process.kill()
                self._process.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                pass
            self._process = None

    def close(self) -> None:
        """Stop the pipeline."""
        with self._lock:
            self.close_locked()


class Translator:
    """Both directions, each one long-lived pipeline."""

    def __init__(self) -> None:
        self.pipes = {languages: ApertiumPipe(pair) for languages, pair in PAIRS.items()}

    def translate_many(self, texts: Sequence[str], source: str, target: str) -> List[str]:
        """Translate texts from `source` to `target` ("es"/"en"); Spanish words are read in their
        software-support sense (`with_support_senses`)."""
        if source == "es":
            texts = [with_support_senses(t) for t in texts]
        return self.pipes[(source, target)].translate_many(texts)

    def translate(self, text: str, source: str, target: str) -> str:
        """One text."""
        return self.translate_many([text], source, target)[0]

    def close(self) -> None:
        """Stop both pipelines."""
        for pipe in self.pipes.values():
            pipe.close()


def start_translator() -> Optional[Translator]:
    """A Translator, or None (logged once, with how to install it) when Apertium is absent."""
    global _warned
    if os.environ.get("KB_TRANSLATION", "1") == "0":
        return None
    if apertium_available():
        try:
            return Translator()
        except (OSError, subprocess.CalledProcessError, TranslationError) as exc:
            reason = str(exc)
    else:
        reason = "Apertium is not installed"
    if not _warned:
        _warned = True
        logger.warning("%s: the knowledge base searches in the question's language only. Install it with: %s",
                       reason, INSTALL_HINT)
    return None


_shared: Optional[Translator] = None
_shared_started = False
_shared_lock = threading.Lock()


def shared_translator() -> Optional[Translator]:
    """The process-wide Translator (started on first use), or None without Apertium."""
    global _shared, _shared_started
    with _shared_lock:
        if not _shared_started:
            _shared_started = True
            _shared = start_translator()
        return _shared
