package dev.switchboard.config;

/** The kernel's rule for interface names (dev_valid_name in net/core/dev.c). */
public final class LinuxNames {
    public static final String RULE = "1 to 15 printable ASCII characters, no '/', ':', '%' or white space, not '.' or '..'";

    private LinuxNames() {}

    public static boolean isValidInterfaceName(String name) {
        if (name.isEmpty() || name.length() > 15 || name.equals(".") || name.equals("..")) {
            return false;
        }
        // '%' too: the kernel takes a name with '%d' as a template and creates "v0" for "v%d"
        return name.chars().noneMatch(c -> c == '/' || c == ':' || c == '%' || Character.isWhitespace(c) || c < 0x21 || c > 0x7e);
    }
}
