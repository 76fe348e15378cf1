"""Switch off the network in a ``diplokg serve`` query worker (Linux seccomp), so the engine cannot federate.

pyoxigraph has no option to disable SERVICE. :mod:`.guard` refuses federated
queries from their parse; this is the second wall, for the embedded store: a worker
process only reads the store on disk and talks to the server over pipes, so it may
create no internet socket at all. A seccomp filter makes ``socket(AF_INET)`` and
``socket(AF_INET6)`` fail with EACCES in the worker (all its threads), whatever
query text reached the engine. Elsewhere (other systems or CPU architectures) the
call does nothing and says so.
"""
from __future__ import annotations

import ctypes
import platform
import struct
import sys

__all__ = ["forbid_network"]

# per architecture: seccomp audit arch, socket syscall numbers, seccomp syscall number
_ARCHES = {
    "x86_64": (0xC000003E, (41, 0x40000000 | 41), 317),      # x32 ABI numbers carry bit 30
    "aarch64": (0xC00000B7, (198,), 277),
}
_LD_W_ABS, _JEQ_K, _RET_K = 0x20, 0x15, 0x06
_RET_ALLOW, _RET_EACCES = 0x7FFF0000, 0x00050000 | 13
_AF_INET, _AF_INET6 = 2, 10
_PR_SET_NO_NEW_PRIVS, _SECCOMP_SET_MODE_FILTER, _SECCOMP_FILTER_FLAG_TSYNC = 38, 1, 1


def _program(arch: int, socket_calls: tuple[int, ...]) -> bytes:
    """The BPF filter: socket() of an internet family answers EACCES; every other call is allowed."""
    n = len(socket_calls)
    allow = 3 + n                                      # index of the first RET ALLOW
    family = allow + 1                                 # index where the address family is loaded
    ops = [(_LD_W_ABS, 0, 0, 4),                       # seccomp_data.arch
           (_JEQ_K, 0, allow - 2, arch),               # another ABI: allow
           (_LD_W_ABS, 0, 0, 0)]                       # seccomp_data.nr
    ops += [(_JEQ_K, family - (3 + i) - 1, 0, nr) for i, nr in enumerate(socket_calls)]
    ops += [(_RET_K, 0, 0, _RET_ALLOW),                # not socket(): allow
            (_LD_W_ABS, 0, 0, 16),                     # args[0] (low half on little-endian): the family
            (_JEQ_K, 2, 0, _AF_INET),
            (_JEQ_K, 1, 0, _AF_INET6),
            (_RET_K, 0, 0, _RET_ALLOW),
            (_RET_K, 0, 0, _RET_EACCES)]
    return b"".join(struct.pack("=HBBI", *op) for op in ops)


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def forbid_network() -> bool:
    """Make internet sockets fail in this process and its threads; True when the filter is in place."""
    arch = _ARCHES.get(platform.machine())
    if not sys.platform.startswith("linux") or arch is None or sys.byteorder != "little":
        return False
    audit_arch, socket_calls, seccomp_nr = arch
    code = _program(audit_arch, socket_calls)
    filters = ctypes.create_string_buffer(code, len(code))
    fprog = _SockFprog(len(code) // 8, ctypes.addressof(filters))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    result = libc.syscall(ctypes.c_long(seccomp_nr), ctypes.c_ulong(_SECCOMP_SET_MODE_FILTER),
                          ctypes.c_ulong(_SECCOMP_FILTER_FLAG_TSYNC), ctypes.byref(fprog))
    return result == 0
