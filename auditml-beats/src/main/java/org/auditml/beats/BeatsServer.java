package org.auditml.beats;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import org.auditml.service.AuditmlService;
import org.auditml.service.RequestException;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Beats protocol server: Beats (Auditbeat's {@code output.logstash}) connect, send windows of events, and get each
 * window acknowledged once its events are stored through the service (at least once; a window sent again is stored
 * once, by the store's identity of an event).
 */
public final class BeatsServer implements AutoCloseable {
    /** Where a closed connection's one line goes. */
    @FunctionalInterface
    public interface Log {
        void line(String text);
    }

    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
    private final BatchStore store;
    private final WindowBacklog backlog = new WindowBacklog();
    private final Channel channel;

    private BeatsServer(AuditmlService service, String bind, int port, BeatsLimits limits, BeatsTls tls, Log log) {
        this.store = new BatchStore(service, log);
        ConnectionCap cap = new ConnectionCap(limits.maxConnections(), log);
        try {
            channel = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                    // a restarted server takes its port again while the old connections linger in TIME_WAIT
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    // what one connection may have read but not decoded, and written but not sent, is bounded
                    .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(64, 2048, 65536))
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(8192, 32768))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (tls != null) {
                                ch.pipeline().addLast(new SslHandler(tls.newEngine()));
                            }
                            ch.pipeline().addLast(cap,
                                    new IdleStateHandler(0, 0, limits.idleSeconds()),
                                    new LumberjackDecoder(limits),
                                    new BatchHandler(store, limits, log, backlog));
                        }
                    })
                    .bind(bind, port).syncUninterruptibly().channel();
        } catch (Exception e) {
            close();
            throw new RequestException("cannot listen for Beats on " + bind + ":" + port + ": " + e.getMessage()
                    + "; choose another --beats-port or --beats-bind");
        }
    }

    /** Listens on {@code bind}:{@code port} (0: any free port), without TLS. */
    public static BeatsServer start(AuditmlService service, String bind, int port, BeatsLimits limits, Log log) {
        return new BeatsServer(service, bind, port, limits, null, log);
    }

    /** Listens with TLS: {@link BeatsTls#fromKeyStore}, or {@link BeatsTls#verifyingClients} to require client certificates. */
    public static BeatsServer start(AuditmlService service, String bind, int port, BeatsLimits limits, BeatsTls tls,
                                    Log log) {
        return new BeatsServer(service, bind, port, limits, tls, log);
    }

    /** The port listened on. */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** The most windows that were read and waiting to be stored at once. */
    int peakPendingWindows() {
        return backlog.peak();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        // no quiet period: the listening channel is closed, nothing new arrives
        boss.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        store.close();
    }

    /** Closes connections beyond the cap as they arrive. */
    @ChannelHandler.Sharable
    private static final class ConnectionCap extends ChannelInboundHandlerAdapter {
        private final int max;
        private final Log log;
        private final AtomicInteger open = new AtomicInteger();

        ConnectionCap(int max, Log log) {
            this.max = max;
            this.log = log;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            if (open.incrementAndGet() > max) {
                log.line("beats: refusing " + ctx.channel().remoteAddress() + ", " + max + " connections are open");
                ctx.close();
                return;
            }
            super.channelActive(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            open.decrementAndGet();
            super.channelInactive(ctx);
        }
    }
}
