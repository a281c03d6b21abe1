package org.auditml.beats;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * One connection's windows, stored one after another and acknowledged only once stored. While a window is stored the
 * channel reads nothing more (windows already decoded wait in a queue: pipelining) and ACK(0) goes out every few
 * seconds so the Beat does not time out and send the window again. All state is touched on the channel's event loop.
 */
final class BatchHandler extends SimpleChannelInboundHandler<Batch> {
    private final BatchStore store;
    private final BeatsLimits limits;
    private final BeatsServer.Log log;
    private final Queue<Batch> pending = new ArrayDeque<>();
    private boolean storing;
    private ScheduledFuture<?> keepAlive;

    BatchHandler(BatchStore store, BeatsLimits limits, BeatsServer.Log log) {
        this.store = store;
        this.limits = limits;
        this.log = log;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Batch batch) {
        pending.add(batch);
        ctx.channel().config().setAutoRead(false);
        if (!storing) {
            storeNext(ctx);
        }
    }

    private void storeNext(ChannelHandlerContext ctx) {
        Batch batch = pending.poll();
        if (batch == null) {
            ctx.channel().config().setAutoRead(true);
            return;
        }
        if (batch.events().isEmpty()) {
            ack(ctx, batch.lastSeq());
            storeNext(ctx);
            return;
        }
        storing = true;
        keepAlive = ctx.executor().scheduleAtFixedRate(() -> ack(ctx, 0),
                limits.keepAliveSeconds(), limits.keepAliveSeconds(), TimeUnit.SECONDS);
        store.store(source(ctx), batch).whenComplete((stored, failure) -> ctx.executor().execute(() -> {
            keepAlive.cancel(false);
            storing = false;
            if (failure != null) {
                log.line("beats: closing " + ctx.channel().remoteAddress() + ", its window was not stored: " + failure.getMessage());
                ctx.close();
                return;
            }
            ack(ctx, batch.lastSeq());
            storeNext(ctx);
        }));
    }

    private static void ack(ChannelHandlerContext ctx, long seq) {
        ByteBuf ack = ctx.alloc().buffer(6);
        ack.writeByte('2').writeByte('A').writeInt((int) seq);
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
        pending.clear();
        super.channelInactive(ctx);
    }

    static String source(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a
                ? "beats:" + a.getAddress().getHostAddress() : "beats:" + ctx.channel().remoteAddress();
    }
}
