package kos.sim.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import kos.sim.KosException;
import kos.sim.Quantities;

/** Reads that never allocate more than a stated bound, whatever the file claims or grows to. */
public final class BoundedRead {
    private BoundedRead() {}

    /** All of {@code ch} from its position, refusing more than {@code maxBytes}. */
    public static byte[] all(SeekableByteChannel ch, long maxBytes, String source) throws IOException {
        long size = ch.size();
        if (size > maxBytes) {
            throw new KosException(source + ": " + Quantities.formatBytes(size) + " is larger than the limit of "
                    + Quantities.formatBytes(maxBytes));
        }
        ByteBuffer b = ByteBuffer.allocate((int) size);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                break;
            }
        }
        if (b.hasRemaining()) {
            throw new KosException(source + ": the file shrank while it was read");
        }
        return b.array();
    }

    /** Reads exactly {@code dst.remaining()} bytes at {@code position}. */
    public static void fully(SeekableByteChannel ch, long position, ByteBuffer dst, String source) throws IOException {
        ch.position(position);
        while (dst.hasRemaining()) {
            if (ch.read(dst) < 0) {
                throw new KosException(source + ": the file ends early (it shrank while it was read?)");
            }
        }
    }

    /**
     * Whether {@code bytes} more can be allocated now with room to spare: the JVM's maximum heap
     * less what is in use, halved, so that a file cannot claim the heap the rest of the session needs.
     *
     * <p>"In use" counts garbage not yet collected, so before refusing, this asks for one collection
     * and looks again; a refusal then means live data really fills the heap. The collection happens
     * only on that path, never for a read that fits.
     */
    public static boolean fitsInHeap(long bytes) {
        if (bytes <= heapAllowance()) {
            return true;
        }
        System.gc();
        return bytes <= heapAllowance();
    }

    /** The heap {@link #fitsInHeap} allows now (half of max heap less used, including garbage), for messages. */
    public static long heapAllowance() {
        Runtime rt = Runtime.getRuntime();
        return (rt.maxMemory() - (rt.totalMemory() - rt.freeMemory())) / 2;
    }
}
