package dev.switchboard.sys;

import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.byref.PointerByReference;

/**
 * User and group names of numeric ids, as NSS says (getpwuid_r, getgrgid_r): what the JDK's
 * SO_PEERCRED principal would have named them; an id with no name is its number, as there.
 */
public final class Accounts {
    private static final int ERANGE = 34;
    private static final jnr.ffi.Runtime RUNTIME = jnr.ffi.Runtime.getRuntime(LibC.INSTANCE);

    private Accounts() {}

    public static String user(int uid) {
        return name(uid, false);
    }

    public static String group(int gid) {
        return name(gid, true);
    }

    private static String name(int id, boolean group) {
        // a group of many members needs a large buffer: grown on ERANGE, to a limit
        for (int size = 16 * 1024; size <= 4 * 1024 * 1024; size *= 4) {
            Pointer entry = Memory.allocateDirect(RUNTIME, 64); // struct passwd is 48 bytes, struct group 32
            Pointer buf = Memory.allocateDirect(RUNTIME, size);
            PointerByReference result = new PointerByReference();
            int err = group ? LibC.INSTANCE.getgrgid_r(id, entry, buf, size, result) : LibC.INSTANCE.getpwuid_r(id, entry, buf, size, result);
            if (err == ERANGE) {
                continue;
            }
            if (err != 0 || result.getValue() == null) {
                break;
            }
            String name = entry.getPointer(0).getString(0, 256, StandardCharsets.UTF_8); // pw_name, gr_name: the first field
            // the name is in buf, found through entry: native memory freed once they are collected,
            // which the JIT may let happen as soon as the call returns (a crash in CI, SIGSEGV)
            Reference.reachabilityFence(entry);
            Reference.reachabilityFence(buf);
            return name;
        }
        return Integer.toUnsignedString(id);
    }
}
