package dev.switchboard.config;

/** How a backend picks a server for a new connection. */
public enum Balance { ROUNDROBIN, LEASTCONN, SOURCE }
