package dev.switchboard.net;

import java.net.InetAddress;

/** An ARP or NDP entry: whether a gateway answers on its link. */
public record Neighbour(int index, InetAddress address, int state) {
    public static final int NUD_INCOMPLETE = 0x01;
    public static final int NUD_REACHABLE = 0x02;
    public static final int NUD_STALE = 0x04;
    public static final int NUD_DELAY = 0x08;
    public static final int NUD_PROBE = 0x10;
    public static final int NUD_FAILED = 0x20;
    public static final int NUD_NOARP = 0x40;
    public static final int NUD_PERMANENT = 0x80;

    /** Whether packets can be sent to it: NUD's own cycle (reachable, stale, delay, probe) is all USABLE. */
    public enum Usable { USABLE, FAILED, UNKNOWN }

    public Usable usable() {
        if ((state & (NUD_REACHABLE | NUD_STALE | NUD_DELAY | NUD_PROBE | NUD_PERMANENT | NUD_NOARP)) != 0) {
            return Usable.USABLE;
        }
        return (state & NUD_FAILED) != 0 ? Usable.FAILED : Usable.UNKNOWN;
    }

    /** The state as `ip neigh` words it, lower case. */
    public String stateName() {
        if ((state & NUD_REACHABLE) != 0) {
            return "reachable";
        }
        if ((state & NUD_STALE) != 0) {
            return "stale";
        }
        if ((state & NUD_DELAY) != 0) {
            return "delay";
        }
        if ((state & NUD_PROBE) != 0) {
            return "probe";
        }
        if ((state & NUD_FAILED) != 0) {
            return "failed";
        }
        if ((state & NUD_INCOMPLETE) != 0) {
            return "incomplete";
        }
        if ((state & NUD_PERMANENT) != 0) {
            return "permanent";
        }
        if ((state & NUD_NOARP) != 0) {
            return "noarp";
        }
        return "none";
    }
}
