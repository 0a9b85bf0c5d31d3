// Daemon module
