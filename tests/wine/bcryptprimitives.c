/*
 * A stand-in for Windows' bcryptprimitives.dll, for the tests under Wine
 * only: never shipped, never needed on Windows 10 or 11.
 *
 * Rust's standard library takes its random numbers (for HashMap seeds)
 * from ProcessPrng in bcryptprimitives.dll, which Windows 10 and 11 have
 * and Wine 8 lacks, so without this a Rust program does not even start
 * under Wine 8. This one hands the work to RtlGenRandom (exported by
 * advapi32 as SystemFunction036), which Wine has.
 *
 * Built by scripts/windows.sh with MinGW-w64 and put into the test Wine
 * prefix's C:\windows\system32.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

/* Like the real one: fills `data` with `length` random bytes, TRUE. */
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        /* RtlGenRandom takes a 32-bit length: hand it at most 1 GiB a time. */
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
