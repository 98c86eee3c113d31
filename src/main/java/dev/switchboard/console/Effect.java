package dev.switchboard.console;

import java.util.function.Function;

/**
 * What a key asks of the console besides the drawing every key gets: the end, a complete redraw,
 * or work that talks to the engine. Handlers return an effect and never draw. The work runs off
 * the UI thread ({@link ConsoleApp}); what it found comes back to the UI thread as a
 * {@link Completion}, which may ask for more. {@code working} says what is under way meanwhile.
 */
record Effect(boolean quit, boolean redrawAll, String working, Job job) {
    static final Effect NONE = new Effect(false, false, null, null);
    static final Effect QUIT = new Effect(true, false, null, null);
    static final Effect REDRAW_ALL = new Effect(false, true, null, null);

    /** A question to the engine; it may block, so it never runs on the UI thread. Capture values only, never the Ui. */
    interface Call<T> {
        T call(Operations ops);
    }

    /** The work of an effect, off the UI thread; returns what to do with its result on the UI thread. */
    interface Job {
        Completion run(Operations ops);
    }

    /** A result, applied on the UI thread. */
    interface Completion {
        Effect apply();
    }

    static <T> Effect io(String working, Call<T> call, Function<T, Effect> then) {
        return new Effect(false, false, working, ops -> {
            T result = call.call(ops);
            return () -> then.apply(result);
        });
    }
}
