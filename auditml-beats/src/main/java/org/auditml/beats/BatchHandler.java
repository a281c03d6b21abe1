package org.auditml.beats;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * One connection's windows, stored one after another in chunks, each chunk acknowledged once stored (a partial ACK: the
 * seq of its last event), so a Beat that reconnects sends again only what was not stored. While a window is stored the
 * channel reads nothing more (windows already decoded wait in a queue: pipelining) and ACK(0) goes out every few
 * seconds so the Beat does not time out and send the window again. A Beat that does not read its ACKs is not read
 * either, so its ACKs cannot pile up. All state is touched on the channel's event loop.
 */
final class BatchHandler extends SimpleChannelInboundHandler<Batch> {
    /** Events stored and acknowledged at once: Auditbeat's bulk_max_size, so its usual window is one chunk. */
    static final int CHUNK_EVENTS = 2048;

    private final BatchStore store;
    private final BeatsLimits limits;
    private final BeatsServer.Log log;
    private final WindowBacklog backlog;
    private final Queue<Batch> pending = new ArrayDeque<>();
    private Batch current;
    private int stored;
    private boolean storing;
    private boolean toldSlowReader;
    private ScheduledFuture<?> keepAlive;

    BatchHandler(BatchStore store, BeatsLimits limits, BeatsServer.Log log, WindowBacklog backlog) {
        this.store = store;
        this.limits = limits;
        this.log = log;
        this.backlog = backlog;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Batch batch) {
        pending.add(batch);
        backlog.added();
        ctx.channel().config().setAutoRead(false);
        if (!storing) {
            storeNext(ctx);
        }
    }

    /** Stores the next chunk of the current window, or starts the next window, or reads on when there is none. */
    private void storeNext(ChannelHandlerContext ctx) {
        if (current == null) {
            current = pending.poll();
            stored = 0;
        }
        if (current == null) {
            resumeReading(ctx);
            return;
        }
        if (current.events().isEmpty()) {
            ack(ctx, current.version(), current.lastSeq());
            windowDone(ctx);
            return;
        }
        int end = Math.min(current.events().size(), stored + CHUNK_EVENTS);
        List<String> chunk = current.events().subList(stored, end);
        storing = true;
        byte version = current.version();
        keepAlive = ctx.executor().scheduleAtFixedRate(() -> {
            if (ctx.channel().isWritable()) {
                ack(ctx, version, 0);
            }
        }, limits.keepAliveSeconds(), limits.keepAliveSeconds(), TimeUnit.SECONDS);
        store.store(source(ctx), chunk).whenComplete((ignored, failure) -> ctx.executor().execute(() -> {
            keepAlive.cancel(false);
            storing = false;
            if (!ctx.channel().isActive()) {
                return;
            }
            if (failure != null) {
                log.line("beats: closing " + ctx.channel().remoteAddress() + ", its window was not stored: " + failure.getMessage());
                ctx.close();
                return;
            }
            stored = end;
            ack(ctx, version, current.seqs()[end - 1]);
            if (stored == current.events().size()) {
                windowDone(ctx);
            } else {
                storeNext(ctx);
            }
        }));
    }

    private void windowDone(ChannelHandlerContext ctx) {
        current = null;
        backlog.removed(1);
        storeNext(ctx);
    }

    /** Reads on once every window is stored and the Beat takes its ACKs. */
    private void resumeReading(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(true);
        } else if (!toldSlowReader) {
            toldSlowReader = true;
            log.line("beats: " + ctx.channel().remoteAddress() + " does not read its ACKs; not reading from it until it does");
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable() && !storing && current == null && pending.isEmpty()) {
            ctx.channel().config().setAutoRead(true);
        }
        super.channelWritabilityChanged(ctx);
    }

    /** An ACK in the version of the window it answers: a v1 client reads only v1 frames. */
    private static void ack(ChannelHandlerContext ctx, byte version, long seq) {
        ByteBuf ack = ctx.alloc().buffer(6);
        ack.writeByte(version).writeByte('A').writeInt((int) seq);
        ctx.writeAndFlush(ack);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            log.line("beats: closing " + ctx.channel().remoteAddress() + ", idle for " + limits.idleSeconds() + " s");
            ctx.close();
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable reason = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        log.line("beats: closing " + ctx.channel().remoteAddress() + ": " + reason.getMessage());
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (keepAlive != null) {
            keepAlive.cancel(false);
        }
        backlog.removed(pending.size() + (current == null ? 0 : 1));
        pending.clear();
        current = null;
        super.channelInactive(ctx);
    }

    static String source(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a
                ? "beats:" + a.getAddress().getHostAddress() : "beats:" + ctx.channel().remoteAddress();
    }
}
