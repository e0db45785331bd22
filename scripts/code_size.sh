#!/usr/bin/env bash
# The largest production files and the longest functions, and the ones over the house limits
# (800 lines a file, 120 lines a function): a file or function that size is doing more than
# one job, and the next reader has to hold all of it at once.
#
#   scripts/code_size.sh                 # card/ forms/ printer/ paper/ payment/ storage/ submission/ wiping/ text/ speech/ counter/ kiosk/ studio/ console/
#   scripts/code_size.sh kiosk/screens   # only these files or folders
#
# Prints the 15 largest files and the 15 longest functions, then each file and function over
# its limit; exits 1 when there is one, 0 otherwise. tests/ is not production and is not read.
#
# A function is a brace-delimited body whose head (the text since the last ';', '{' or '}' at
# namespace or class level) ends in a parameter list, optionally followed by qualifiers or a
# trailing return type, or is a constructor with its initialiser list; comments, string and
# character literals (raw strings and digit separators too) are blanked first. Lambdas and local
# classes count towards the function they are written in. Its length runs from the line of its
# name to its closing brace.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 - "$@" <<'PYTHON'
import os
import re
import sys

FILE_LIMIT = 800
FUNCTION_LIMIT = 120
SHOWN = 15
PRODUCTION = ["card", "forms", "fonts", "printer", "paper", "payment", "storage", "submission", "wiping", "text", "speech", "counter", "kiosk", "studio", "console"]
SOURCE_ENDINGS = (".cpp", ".hpp", ".cc", ".h")


def source_files(paths):
    for path in paths:
        if os.path.isfile(path):
            yield path
            continue
        for folder, subfolders, files in os.walk(path):
            subfolders.sort()
            for name in sorted(files):
                if name.endswith(SOURCE_ENDINGS):
                    yield os.path.join(folder, name)


def blank_literals(code):
    """The code with comments, strings and character literals turned into spaces (newlines
    kept), so that braces and parentheses in them are not counted."""
    out = []
    i, n = 0, len(code)

    def blank(text):
        out.append(re.sub(r"[^\n]", " ", text))

    while i < n:
        c = code[i]
        if c == "#" and code[code.rfind("\n", 0, i) + 1:i].strip() == "":
            # A preprocessor line (#include, #define …), with its continuations.
            end = i
            while True:
                end = code.find("\n", end)
                if end < 0 or code[end - 1] != "\\":
                    break
                end += 1
            end = n if end < 0 else end
            blank(code[i:end])
            i = end
        elif code.startswith("//", i):
            end = code.find("\n", i)
            end = n if end < 0 else end
            blank(code[i:end])
            i = end
        elif code.startswith("/*", i):
            end = code.find("*/", i + 2)
            end = n if end < 0 else end + 2
            blank(code[i:end])
            i = end
        elif c == '"':
            raw = re.search(r'(?<!\w)(?:u8|[uUL])?R$', code[max(0, i - 4):i])
            if raw:
                delimiter = code[i + 1:code.find("(", i)]
                end = code.find(")" + delimiter + '"', i)
                end = n if end < 0 else end + len(delimiter) + 2
            else:
                end = i + 1
                while end < n and code[end] != '"':
                    end += 2 if code[end] == "\\" else 1
                end += 1
            blank(code[i:end])
            i = end
        elif c == "'":
            # A digit separator (1'000, 0xFF'FF) when the token before it starts with a digit.
            start = i
            while start > 0 and re.match(r"[\w']", code[start - 1]):
                start -= 1
            if start < i and code[start].isdigit():
                out.append(c)
                i += 1
                continue
            end = i + 1
            while end < n and code[end] != "'":
                end += 2 if code[end] == "\\" else 1
            end += 1
            blank(code[i:end])
            i = end
        else:
            out.append(c)
            i += 1
    return "".join(out)


SCOPE = re.compile(r"^(?:template\s*<.*>\s*)?(?:inline\s+)?(?:namespace|class|struct|union|enum|extern)\b",
                   re.S)
AFTER_PARAMETERS = re.compile(  # const, noexcept, override, -> T
    r"^\s*(?:(?:const|volatile|noexcept|override|final|mutable|&&|&)\s*)*(?:->.*)?$", re.S)
ACCESS = re.compile(r"^\s*(?:(?:public|private|protected)\s*:(?!:)\s*)+")
CTOR_INIT = re.compile(r"\)\s*(?:noexcept\s*)?:(?!:)")


def top_level_paren_end(head):
    """The index just past the first top-level parameter list of `head`, and where it opens."""
    depth, opened = 0, -1
    for k, ch in enumerate(head):
        if ch == "(":
            if depth == 0 and opened < 0:
                opened = k
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0 and opened >= 0:
                return opened, k + 1
    return -1, -1


def is_function_head(head):
    text = ACCESS.sub("", head).strip()
    if not text or SCOPE.match(text):
        return False
    opened, closed = top_level_paren_end(text)
    if opened < 0:
        return False
    before = text[:opened]
    if re.search(r"(?<![=!<>])=(?!=)", before) and "operator" not in before:
        return bool(re.search(r"=\s*\[[^\]]*\]\s*$", before))  # a lambda given a name
    rest = text[closed:]
    return bool(AFTER_PARAMETERS.match(rest)) or bool(CTOR_INIT.match(text[closed - 1:]))


def function_name(head):
    text = " ".join(head.split())
    opened, _ = top_level_paren_end(text)
    before = text[:opened].rstrip()
    lambda_name = re.search(r"([\w:]+)\s*=\s*\[[^\]]*\]$", before)
    if lambda_name:
        return lambda_name.group(1)
    match = re.search(r"((?:[\w~]+(?:<[^()]*>)?::)*(?:operator\s*\S+|[\w~]+))$", before)
    name = match.group(1) if match else before.split(" ")[-1]
    if re.fullmatch(r"[A-Z][A-Z0-9_]+", name):  # TEST(Suite, Name) and other macros: with their arguments
        name = text[opened - len(name):top_level_paren_end(text)[1]]
    return name


def functions_of(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        code = blank_literals(f.read())
    line_starts = [0] + [m.end() for m in re.finditer("\n", code)]

    def line_of(offset):
        lo, hi = 0, len(line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if line_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1

    def matching_brace(at):
        depth = 0
        for k in range(at, len(code)):
            if code[k] == "{":
                depth += 1
            elif code[k] == "}":
                depth -= 1
                if depth == 0:
                    return k
        return len(code) - 1

    found = []
    head_start = 0
    i = 0
    while i < len(code):
        c = code[i]
        if c in ";}":
            head_start = i + 1
        elif c == "{":
            head = code[head_start:i]
            before_brace = head.rstrip()
            # A member's braced initialiser in a constructor's list (: a_{a}, b_{b} {): part of
            # the head, not a body.
            if CTOR_INIT.search(head) and before_brace and re.match(r"[\w>]", before_brace[-1]):
                i = matching_brace(i) + 1
                continue
            if is_function_head(head):
                end = matching_brace(i)
                stripped = head.lstrip()
                opened, _ = top_level_paren_end(stripped)
                name_at = head_start + (len(head) - len(stripped)) + opened
                first = line_of(name_at)
                found.append((line_of(end) - first + 1, path, first, function_name(head)))
                i = end + 1
                head_start = i
                continue
            if not SCOPE.match(ACCESS.sub("", head).strip()):
                i = matching_brace(i) + 1  # an initialiser list or a body not scanned
                head_start = i
                continue
            head_start = i + 1
        i += 1
    return found


def main(arguments):
    paths = arguments or [p for p in PRODUCTION if os.path.isdir(p)]
    files = []
    functions = []
    for path in source_files(paths):
        with open(path, encoding="utf-8", errors="replace") as f:
            files.append((sum(1 for _ in f), path))
        functions.extend(functions_of(path))
    files.sort(key=lambda f: (-f[0], f[1]))
    functions.sort(key=lambda f: (-f[0], f[1], f[2]))

    print(f"The {SHOWN} largest production files (lines):")
    for lines, path in files[:SHOWN]:
        print(f"  {lines:5}  {path}")
    print(f"The {SHOWN} longest functions (lines):")
    for lines, path, line, name in functions[:SHOWN]:
        print(f"  {lines:5}  {path}:{line}  {name}")

    over = [f"  file {path}: {lines} lines (limit {FILE_LIMIT})"
            for lines, path in files if lines > FILE_LIMIT]
    over += [f"  function {name} ({path}:{line}): {lines} lines (limit {FUNCTION_LIMIT})"
             for lines, path, line, name in functions if lines > FUNCTION_LIMIT]
    if over:
        print(f"Over the limits ({len(over)}):")
        print("\n".join(over))
        return 1
    print(f"Nothing over the limits ({FILE_LIMIT} lines a file, {FUNCTION_LIMIT} a function).")
    return 0


sys.exit(main(sys.argv[1:]))
PYTHON
