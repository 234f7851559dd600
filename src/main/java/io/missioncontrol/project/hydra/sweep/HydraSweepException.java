package io.missioncontrol.project.hydra.sweep;

/** An override Hydra would refuse, or a sweep its basic sweeper cannot run; the message is Hydra's in substance. */
public class HydraSweepException extends RuntimeException {

    public HydraSweepException(String message) {
        super(message);
    }
}
