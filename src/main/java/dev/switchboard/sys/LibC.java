package dev.switchboard.sys;

import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

/** The few libc calls switchboard needs, bound through JNR-FFI. Errno is kept for each. */
public interface LibC {
    int AF_NETLINK = 16;
    int SOCK_RAW = 3;
    int SOCK_CLOEXEC = 0x80000;
    int SOL_NETLINK = 270;
    int SOL_SOCKET = 1;
    int SO_RCVBUF = 8;
    int SO_SNDBUF = 7;
    int SO_RCVTIMEO = 20;
    int CLONE_NEWNET = 0x40000000;
    int O_RDONLY = 0;
    int O_CLOEXEC = 0x80000;
    int MSG_DONTWAIT = 0x40;
    int AF_INET = 2;
    int AF_INET6 = 10;
    int SOCK_STREAM = 1;
    int SOCK_DGRAM = 2;
    int SOCK_NONBLOCK = 0x800;
    int IPPROTO_ICMP = 1;
    int IPPROTO_ICMPV6 = 58;
    int SO_ERROR = 4;
    int SO_BINDTODEVICE = 25;
    short POLLIN = 0x1;
    short POLLOUT = 0x4;
    short POLLERR = 0x8;
    short POLLHUP = 0x10;

    LibC INSTANCE = LibraryLoader.create(LibC.class).load("c");

    @SaveError
    int socket(int domain, int type, int protocol);

    @SaveError
    int bind(int fd, @In byte[] address, int length);

    @SaveError
    long sendto(int fd, @In byte[] buffer, long length, int flags, @In byte[] address, int addressLength);

    @SaveError
    long recv(int fd, @Out byte[] buffer, long length, int flags);

    @SaveError
    int setsockopt(int fd, int level, int option, @In byte[] value, int length);

    @SaveError
    int getsockopt(int fd, int level, int option, @Out byte[] value, @In @Out int[] length);

    @SaveError
    int connect(int fd, @In byte[] address, int length);

    @SaveError
    long recvfrom(int fd, @Out byte[] buffer, long length, int flags, @Out byte[] address, @In @Out int[] addressLength);

    /** {@code fds}: struct pollfd[] (int fd, short events, short revents: 8 bytes each). */
    @SaveError
    int poll(@In @Out byte[] fds, long count, int timeoutMillis);

    @SaveError
    int getsockname(int fd, @Out byte[] address, @In @Out int[] length);

    @SaveError
    int close(int fd);

    int RLIMIT_NOFILE = 7;

    @SaveError
    int getrlimit(int resource, @Out long[] limits);

    @SaveError
    int setrlimit(int resource, @In long[] limits);

    @SaveError
    int unshare(int flags);

    @SaveError
    int setns(int fd, int nstype);

    @SaveError
    int open(String path, int flags);

    String strerror(int errnum);

    int TIOCGWINSZ = 0x5413;
    int TCSANOW = 0;

    int isatty(int fd);

    @SaveError
    int ioctl(int fd, long request, @Out byte[] arg);

    /** struct termios is 60 bytes on Linux x86_64; a 64-byte buffer holds it. */
    @SaveError
    int tcgetattr(int fd, @Out byte[] termios);

    @SaveError
    int tcsetattr(int fd, int action, @In byte[] termios);

    int PRIO_PROCESS = 0;

    /** With PRIO_PROCESS and a thread's id, that thread's nice value alone (Linux: each thread has its own). */
    @SaveError
    int setpriority(int which, int who, int prio);

    /** The calling thread's id, as /proc/PID/task/TID names it. */
    default int gettid() {
        return (int) syscall(186); // SYS_gettid on x86_64
    }

    long syscall(long number);

    /** The reentrant account lookups: they return an errno, and a null result for no such id. */
    int getpwuid_r(int uid, jnr.ffi.Pointer pwd, jnr.ffi.Pointer buf, long size, jnr.ffi.byref.PointerByReference result);

    int getgrgid_r(int gid, jnr.ffi.Pointer grp, jnr.ffi.Pointer buf, long size, jnr.ffi.byref.PointerByReference result);

    long syscall(long number, long a, long b, long c);
}
