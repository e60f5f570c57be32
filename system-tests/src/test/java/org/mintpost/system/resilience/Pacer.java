package org.mintpost.system.resilience;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The steady rate of a load: a thread hands its clients {@code perSecond} permits a second. A client busy
 * retrying does not make it pile up a backlog: at most a second's worth of permits waits.
 */
final class Pacer implements AutoCloseable {

    private final int perSecond;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Semaphore permits = new Semaphore(0);
    private final Thread thread;

    Pacer(String name, int perSecond) {
        this.perSecond = perSecond;
        this.thread = new Thread(this::pace, name);
        thread.setDaemon(true);
        thread.start();
    }

    boolean running() {
        return running.get();
    }

    /** Waits up to 200 ms for the next permit; false if none came or the load is stopping. */
    boolean next() throws InterruptedException {
        return permits.tryAcquire(200, TimeUnit.MILLISECONDS) && running.get();
    }

    private void pace() {
        long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long next = System.nanoTime();
        while (running.get()) {
            next += interval;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (permits.availablePermits() < perSecond) {
                permits.release();
            }
        }
    }

    @Override
    public void close() {
        running.set(false);
        thread.interrupt();
    }
}
