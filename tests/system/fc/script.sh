# fc: man/1/fc (reverse Polish: operands in decimal, 0x, 0b, octal 0,
# radix r and @c; operators; output forms -x -o -b -B -c -r); the formats
# (%g, %#bx, %#bo, 0b in whole bytes, radix digits), the stack printed
# bottom first, and the messages with fail:error and fail:usage from the
# original's appl/cmd/fc.b. Values checked by hand. The operators that
# need the part of Math emu lacks so far fail (the last case).
fc 1 2 +
fc 7 2 / 7 2 div 7 2 %
fc 3 4 x 2 xx
fc 2 0.5 pow 1e3 -2.5e-1 x
fc 0x1f 0b101 017 16rff 2r101 @A
fc -x 255 4096
fc -o 8 64
fc -b 5 256
fc -B 1023
fc -c 72 105
fc -r 16 255 -255
fc -r2 10
fc 1 2 3 4 + rep
fc 1 2 3 sum 4 swap dup
fc 5 ! 3 _ 1 2 p
fc 6 not 0 not 12 10 and 12 10 or 12 10 xor 1 4 shl 256 2 shr
fc 180 rad deg 2 sqrt floor
fc 2.5 modf
fc 1 +; echo $status
fc 1 foo; echo $status
fc 1 rep; echo $status
fc -r 99 1; echo $status
fc 1 erf; echo $status
