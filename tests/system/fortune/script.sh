# fortune: man/1/fortune (one line of the file, chosen at random); the
# message and fail:open from the original's appl/cmd/fortune.b.
echo 'only line' > $t/one
echo -n 'no newline' > $t/nonl
echo -n > $t/empty
fortune $t/one
fortune $t/nonl; echo
fortune $t/empty; echo $status
echo 'one
two
three
four' > $t/many
fortune $t/many | grep -v '^(one|two|three|four)$'; echo $status
fortune $t/many | wc -l
fortune $t/none; echo $status
