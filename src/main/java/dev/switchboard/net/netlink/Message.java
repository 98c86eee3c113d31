package dev.switchboard.net.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** One received netlink message: header fields and its body (a read-only view). Pure. */
public record Message(int type, int flags, int seq, int pid, ByteBuffer body) {

    /** Splits a datagram into its messages; a truncated tail is an error, not a silent drop. */
    public static List<Message> parseAll(byte[] datagram, int length) {
        ByteBuffer in = ByteBuffer.wrap(datagram, 0, length).order(ByteOrder.nativeOrder());
        List<Message> out = new ArrayList<>();
        int at = 0;
        while (at + Nl.HEADER <= length) {
            int len = in.getInt(at);
            if (len < Nl.HEADER || at + len > length) {
                throw new IllegalArgumentException("netlink message of length " + len + " at offset " + at + " overruns " + length);
            }
            ByteBuffer body = in.duplicate().position(at + Nl.HEADER).limit(at + len).slice().order(ByteOrder.nativeOrder());
            out.add(new Message(in.getShort(at + 4) & 0xffff, in.getShort(at + 6) & 0xffff, in.getInt(at + 8), in.getInt(at + 12),
                    body.asReadOnlyBuffer().order(ByteOrder.nativeOrder())));
            at += MessageWriter.align(len);
        }
        return out;
    }

    /** For NLMSG_ERROR: the errno (0 is an ACK), positive as in errno.h. */
    public int errno() {
        return -body.getInt(0);
    }

    /**
     * For NLMSG_ERROR with extended ack: the kernel's own words on what was wrong
     * ("Nexthop has invalid gateway"), or empty.
     */
    public String extendedAck() {
        if ((flags & Nl.NLM_F_ACK_TLVS) == 0) {
            return "";
        }
        // errno, then the request's header (only the header when capped), then the attributes
        int requestLength = (flags & Nl.NLM_F_CAPPED) != 0 ? Nl.HEADER : body.getInt(4);
        int start = 4 + MessageWriter.align(requestLength);
        if (start >= body.limit()) {
            return "";
        }
        ByteBuffer msg = Attributes.parse(body, start).get(Nl.NLMSGERR_ATTR_MSG);
        return msg == null ? "" : Attributes.string(msg);
    }
}
