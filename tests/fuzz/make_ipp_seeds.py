#!/usr/bin/env python3
"""Writes the seed corpus of ipp_answer_fuzzer: IPP answers (RFC 8010 encoding) like those
ippeveprinter gives the kiosk — an idle printer, one out of paper, a jammed one, a job's
attributes and a Get-Jobs list. Run from the repository: tests/fuzz/make_ipp_seeds.py"""
import os
import struct

OPERATION, JOB, PRINTER, END = 0x01, 0x02, 0x04, 0x03
INTEGER, BOOLEAN, ENUM = 0x21, 0x22, 0x23
TEXT, NAME, KEYWORD, URI, CHARSET, LANGUAGE = 0x41, 0x42, 0x44, 0x45, 0x47, 0x48


def value(tag, name, data):
    return struct.pack(">BH", tag, len(name)) + name.encode() + struct.pack(">H", len(data)) + data


def attr(tag, name, *values):
    out = b""
    for i, v in enumerate(values):
        if tag in (INTEGER, ENUM):
            data = struct.pack(">i", v)
        elif tag == BOOLEAN:
            data = bytes([1 if v else 0])
        else:
            data = v.encode()
        out += value(tag, name if i == 0 else "", data)
    return out


def answer(status, *groups):
    out = struct.pack(">BBHI", 2, 0, status, 1)
    out += bytes([OPERATION]) + attr(CHARSET, "attributes-charset", "utf-8")
    out += attr(LANGUAGE, "attributes-natural-language", "en")
    for tag, attrs in groups:
        out += bytes([tag]) + b"".join(attrs)
    return out + bytes([END])


def printer(state, reasons, message, accepting=True):
    return (PRINTER, [attr(ENUM, "printer-state", state),
                      attr(KEYWORD, "printer-state-reasons", *reasons),
                      attr(TEXT, "printer-state-message", message),
                      attr(BOOLEAN, "printer-is-accepting-jobs", accepting)])


def job(job_id, name, state, reasons, message=""):
    attrs = [attr(INTEGER, "job-id", job_id), attr(NAME, "job-name", name),
             attr(ENUM, "job-state", state), attr(KEYWORD, "job-state-reasons", *reasons)]
    if message:
        attrs.append(attr(TEXT, "job-state-message", message))
    return (JOB, attrs)


SEEDS = {
    "printer-idle": answer(0, printer(3, ["none"], "")),
    "printer-media-empty": answer(0, printer(5, ["media-empty-error", "media-needed-warning"],
                                             "Out of paper.")),
    "printer-jam": answer(0, printer(5, ["media-jam-error", "cover-open-report"], " Jammed ")),
    "printer-processing": answer(0, printer(4, ["none"], "Printing.", False)),
    "job-processing": answer(0, job(7, "madoguchi-fuzz-application", 5, ["job-printing"])),
    "job-held": answer(0, job(7, "madoguchi-fuzz-application", 4, ["job-data-insufficient"])),
    "jobs-list": answer(0, job(3, "madoguchi-fuzz-application", 9, ["job-completed-successfully"]),
                        job(5, "madoguchi-other-slip", 7, ["job-canceled-by-user"]),
                        job(4, "madoguchi-fuzz-application", 8, ["aborted-by-system"], "jam")),
    "not-found": answer(0x0406),
}

folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "ipp_answer")
os.makedirs(folder, exist_ok=True)
for name, data in SEEDS.items():
    with open(os.path.join(folder, name + ".ipp"), "wb") as f:
        f.write(data)
