package dev.jobber.runner.protocol;

import java.util.Optional;

/**
 * Decides who may connect: a runner proves its identity with the secret it was given at creation, and is told where
 * to connect from what the manager {@linkplain #listening listens on}.
 */
public interface RunnerSessions {

    /**
     * @return the session to feed this connection's frames to, or empty to refuse (unknown runner, wrong secret, or a
     *         runner that is already connected)
     */
    Optional<Session> open(String runnerId, String secret, RunnerLink link);

    /** The manager listens here now; runners created from now on are told to log in there. */
    void listening(ManagerEndpoint endpoint);

    /** Receives the frames of one authenticated connection, on its event loop. */
    interface Session {
        /** @throws Frames.ProtocolException when the frame breaks the protocol; the connection is then closed */
        void onFrame(Frame.FromRunner frame);

        /** The runner broke the protocol; its connection is being closed. */
        void onViolation(String reason);

        void onClose();
    }
}
