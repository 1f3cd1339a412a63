package io.synfin.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C / SIGTERM for a command that must stop cleanly: the JVM's shutdown hook asks the work to stop,
 * then holds the JVM until the command's own thread has finished (closed this), within a bound.
 */
final class StopHook implements AutoCloseable {

    private final Thread hook;
    private final CountDownLatch finished = new CountDownLatch(1);

    private StopHook(String name, Runnable stop, Duration wait) {
        this.hook = new Thread(() -> {
            stop.run();
            try {
                finished.await(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
    }

    /** Registers the hook: on shutdown it runs {@code stop}, then waits up to {@code wait} for {@link #close}. */
    static StopHook install(String name, Runnable stop, Duration wait) {
        StopHook stopHook = new StopHook(name, stop, wait);
        Runtime.getRuntime().addShutdownHook(stopHook.hook);
        return stopHook;
    }

    /** The command has finished: a running hook may let the JVM go; otherwise the hook is removed. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook is running and has just been released.
        }
    }
}
