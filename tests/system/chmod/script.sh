# chmod: man/1/chmod (octal and symbolic modes); the messages, and an
# unchangeable file leaving the status alone, from the original's
# appl/cmd/chmod.b.
echo x > $t/f
chmod 640 $t/f; ls -l $t/f | sed 's/ .*//'
chmod 8r604 $t/f; ls -l $t/f | sed 's/ .*//'
chmod +x $t/f; ls -l $t/f | sed 's/ .*//'
chmod go-rx $t/f; ls -l $t/f | sed 's/ .*//'
chmod 'u=w' $t/f; ls -l $t/f | sed 's/ .*//'
chmod 9 $t/f; echo $status
chmod u+q $t/f; echo $status
chmod 644; echo $status
chmod 644 $t/missing $t/f; echo $status
ls -l $t/f | sed 's/ .*//'
