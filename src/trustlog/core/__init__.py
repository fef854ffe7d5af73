"""Pure rules of trustlog: plain values in, plain values out, no I/O."""
