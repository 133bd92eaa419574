package io.tributary.streams.processor;

/** A record that cannot be served, with the reason that goes to the DLQ. Checked, so every caller decides. */
public final class RejectedInput extends Exception {

    private static final long serialVersionUID = 1L;

    private final DlqReason reason;

    public RejectedInput(DlqReason reason, String message) {
        super(message, null, false, false); // no stack trace: this is a data problem, not a bug, and it is on the hot path
        this.reason = reason;
    }

    public DlqReason reason() {
        return reason;
    }
}
