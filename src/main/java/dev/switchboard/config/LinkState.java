package dev.switchboard.config;

/** The administrative state an interface should be in. */
public enum LinkState { UP, DOWN }
