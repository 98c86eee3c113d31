package dev.switchboard.sys;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.SaveError;

/**
 * A kernel that refuses one system call, for the processes a test starts: a seccomp filter on a
 * thread of its own (filters belong to a thread and pass to the processes it starts), so the test
 * JVM itself keeps every call. How a test shows that the engine copes with a kernel that turned
 * io_uring off, without turning it off for the whole machine.
 */
public final class Seccomp {
    /** io_uring_setup(2) on x86_64 (and on every architecture since the syscall tables were unified at 424). */
    public static final int IO_URING_SETUP = 425;

    private static final int PR_SET_NO_NEW_PRIVS = 38;
    private static final int PR_SET_SECCOMP = 22;
    private static final int SECCOMP_MODE_FILTER = 2;
    private static final int AUDIT_ARCH_X86_64 = 0xC000003E;
    private static final int SECCOMP_RET_ALLOW = 0x7fff0000;
    private static final int SECCOMP_RET_ERRNO = 0x00050000;
    private static final int EPERM = 1;

    public interface Prctl {
        @SaveError
        int prctl(int option, long arg2, long arg3, long arg4, long arg5);

        @SaveError
        int prctl(int option, long arg2, Pointer arg3, long arg4, long arg5);
    }

    private static final Prctl C = LibraryLoader.create(Prctl.class).load("c");

    private Seccomp() {}

    /** Whether the filter below is written for this machine's architecture. */
    public static boolean supported() {
        return "amd64".equals(System.getProperty("os.arch"));
    }

    /** Runs {@code body} on a new thread on which {@code syscall} fails with EPERM, as do all the processes it starts. */
    public static <T> T refusing(int syscall, Callable<T> body) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                install(syscall);
                result.set(body.call());
            } catch (Exception e) {
                failure.set(e);
            }
        }, "seccomp-" + syscall);
        t.start();
        t.join();
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    private static void install(int syscall) {
        // classic BPF over struct seccomp_data {int nr; u32 arch; ...}
        ByteBuffer f = ByteBuffer.allocate(7 * 8).order(ByteOrder.nativeOrder());
        op(f, 0x20, 0, 0, 4);                      // A = arch
        op(f, 0x15, 1, 0, AUDIT_ARCH_X86_64);      // if A == x86_64 skip the next
        op(f, 0x06, 0, 0, SECCOMP_RET_ALLOW);      //   another ABI: allow (not ours to judge)
        op(f, 0x20, 0, 0, 0);                      // A = nr
        op(f, 0x15, 0, 1, syscall);                // if A == syscall fall through, else skip one
        op(f, 0x06, 0, 0, SECCOMP_RET_ERRNO | EPERM);
        op(f, 0x06, 0, 0, SECCOMP_RET_ALLOW);
        Runtime runtime = Runtime.getRuntime(C);
        Pointer filter = jnr.ffi.Memory.allocateDirect(runtime, f.capacity());
        filter.put(0, f.array(), 0, f.capacity());
        Pointer program = jnr.ffi.Memory.allocateDirect(runtime, 16); // struct sock_fprog {u16 len; sock_filter *filter}
        program.putShort(0, (short) 7);
        program.putPointer(8, filter);
        if (C.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || C.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, program, 0, 0) != 0) {
            throw new IllegalStateException("seccomp refused: errno " + runtime.getLastError());
        }
    }

    private static void op(ByteBuffer f, int code, int jt, int jf, int k) {
        f.putShort((short) code).put((byte) jt).put((byte) jf).putInt(k);
    }
}
