package org.mintpost.token.domains.dkim;

import java.security.KeyPair;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.quarkus.logging.Log;

/**
 * A few key pairs made ahead on a background thread of low priority, so that creating a domain (two RSA 2048 keys)
 * does not wait for key generation, which takes up to seconds each on a busy node and pushed the create past its
 * request deadline (a {@code 503} for a domain that was in fact created). Taken pairs are made again at once; when
 * none is ready the caller makes its own. The pairs are only ever in this process's memory, unsealed as every new
 * key is until {@link DkimKeyFactory#create} seals it.
 */
final class ReadyKeyPairs implements AutoCloseable {

    private final BlockingQueue<KeyPair> ready;
    private final Supplier<KeyPair> make;
    private final ExecutorService maker;
    private final AtomicBoolean filling = new AtomicBoolean();

    ReadyKeyPairs(int size, Supplier<KeyPair> make) {
        this.ready = new ArrayBlockingQueue<>(size);
        this.make = make;
        this.maker = Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "dkim-key-pairs");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
    }

    /** A pair made ahead when one is ready, else one made now; either way the reserve is topped up. */
    KeyPair take() {
        KeyPair pair = ready.poll();
        fill();
        return pair != null ? pair : make.get();
    }

    /** How many pairs are ready now. */
    int size() {
        return ready.size();
    }

    /** Tops the reserve up in the background (one filler at a time). */
    void fill() {
        if (!filling.compareAndSet(false, true)) {
            return;
        }
        maker.execute(() -> {
            try {
                while (ready.remainingCapacity() > 0) {
                    ready.offer(make.get());
                }
            } catch (RuntimeException e) {
                Log.warnf("DKIM key pairs could not be made ahead: %s", e.getMessage());
            } finally {
                filling.set(false);
            }
        });
    }

    @Override
    public void close() {
        maker.shutdownNow();
        ready.clear();
    }
}
