# gunzip and the inflate library: man/1/gzip (gunzip decompresses
# standard input to standard output, or file.gz into file, and fails with
# fail:errors); the messages ("gunzip: NAME: inflate error: ...", ".gz
# extension required") from the original's appl/cmd/gunzip.b and
# appl/lib/inflate.b. The compressed data was made by another
# implementation of gzip (levels 9 and 0: dynamic, fixed and stored
# blocks) and is carried here uuencoded; the expected text and checksum of
# the long one were worked out by that implementation.
echo 'begin 644 short.gz
J''XL(".@#   "_W-H;W)T ,M(S<G)UU''(0*(4RO.+<E*X (==1BL:    
 
end' > $t/short.uu
uudecode -p $t/short.uu > $t/short.gz
echo 'begin 644 long.gz
M''XL(".@#   "_VQO;F< E9I;>ETU#$;?&<49@B79LLULN 0HA 9:RFWT[)#]
MRWE=S_U<Q_;:\J_E\_SAX].C??WXXZ>GQ^]?/GSWR^/;3R]_?7S\\/+WX^<O
MO_[V^?''RY].G___Y^9M__WE\__+CHWWU_#K*V"A[&^5L5''\;%6S4?AO5X5^8
M;\,&&^;C;5BR87''/-N&&W&M;;%C>&[G9L''6?FD%$K D22HEK1@B*]7N%%O34
M[QTUBLN^3] H,"+&DI*F&2$TOK1&B$VX=G53NO6]0W*ZR''%(3N^:D9:8=:_1
M(3G#[UUU2,Z8]SDZ)"=%CD-RLF:$Y,Q:(R1GUJ[2DJ-S#$C.%CD!R=EB-6C-
M:?H\@A:=IB\R:-4Q%8$8M+2*GD@Z4J4N(#X6JJZQ<#W7WD* ;.@.Z?362B''4
MZ;65NBD[96CJ:NZ4H:4LT/''-I?#1Z=75Q%"G=Y<I7G5Z>7G3.B%#''DU["QGR
MWN[S''(W>T6)H0(8\:T[(D$^M<P0-!MK; 1GR77$9,A3%T*"1V<3MF#C'':)TT
M 86^ST$C4%=-R$;#DQA*R%!,U;Z$#,52O4W(4&S5^.PTZ^E>2<A0K[LL(4,]
M=''\F[;RZ[NR$#/543DC(4)_*)I/FZ(I#$S(TFA+8A P-4^B;-$J''<N:D6;HK
MVD[(T*@T/9/F]YH3,C1VK9,V\*WV=M.F0>>Y&I4&8FA!AG*(V^6T4]&WLB!#
MN?1]+LC0;*H):]#V2 PMR- ,U;Y%6[*A>KMH3S95XQ=D:&[=*[M1@R2&-F1H
MN>[/[;2%+-T%&5JIG+ A0VLIF^Q!^U8QM"%#UZ%H3LC0[LI]>]%F65ES0X;V
M:F43N4XLH=@,-^EG7MS@=ZW6&F[Q4WM\_3=8#^ADK=$VWXJGZT^@8SUJ7MKJ
M7QU[K9<V^Y99^TS;?5MEJ;&F]G>B&IOJ*%>-9;6/TM785_LL8XV5M>^2UM1:
M6QQO3<6U12]U;5PAE;VF^MIBE\"F!MNZ9;U%-"ROBBOJL>VZO&I>_ BRE!*-
MVFP;IFQJ5&C;""5BHT[;3@XWJK5MK#,OY2K?K9=RE7''VF7*5YWP#"\KJZHQ:
M;IN''9RRZ9Z_O"*ON>;Y?++OGKKJ!=?<Z]0H+[]6K3F+EO4Y]QM)[M_.,N;''4
MK?L(B^]=QLFP^M[G_J7R^TIF=>]3_>WMY TJP+W-RCE8@;_+5UR"1^4ZK,''M
MY$DLPE_!TEBJPOWD9RS#CPTWK,/]] M8B(?5>K$2C^J-#$OQF''6^5(M[/UQ1
M,>X]BF>JQKU7SVM4COM5)FN?*5>C^GM+_,ARZA55Y#[*91B5Y)Y>]9EJ<L_R
M-D9%N5]7J,Z7JG*?[WYO0KF:H^Y?JLM]EH\S*LS]NKMKGRE7J]RC46GNZ^0K
MJLU]EV<U*LY]C\J35)U?+5WE6"K/HWGEYXF?\4YNIP(]VC[S3OP(>-9+''_,N
M$FN?Z7.>U[N(49$>?OI!JM+#ZPW(J$R/L/J.J$Z/Z.=78Y2K6%4WJ%*/\[9G
M5*I''''U4GJ5:/7N^81L5ZC*A[@:KU&/5F:QL_%!]_1?5Z9+U/&Q7LD:ON?:K8
M8]9;O%'')''C,KYU#-''NOD*RK:KVZ_<AU5[;''J-Q9&97MLKQQ+=7OLU]^3_ ?8
''+XMRX"T     
 
end' > $t/long.uu
uudecode -p $t/long.uu > $t/long.gz
echo 'begin 644 stored.gz
M''XL(".@#    _W-T;W)E9  !&@#E_VAE;&QO+"!H96QL;RP@:&5L;&\@=V]R
+;&0*AUU&*QH     
 
end' > $t/stored.uu
uudecode -p $t/stored.uu > $t/stored.gz
echo 'begin 644 bad.gz
H''XL(".@#   "_V)A9 #+2,W)R==1R$"B%,KSBW)2N "&748K&@      
 
end' > $t/bad.uu
uudecode -p $t/bad.uu > $t/bad.gz
gunzip < $t/short.gz
gunzip < $t/stored.gz
gunzip < $t/long.gz > $t/long
sum $t/long
sed -n '1p;$p' $t/long
gunzip < $t/bad.gz; echo $status
gunzip < $t/short.uu; echo $status
gunzip $t/short.uu; echo $status
gunzip $t/missing.gz; echo $status
dd -if $t/long.gz -count 1 -bs 100 > $t/cut.gz >[2] /dev/null
gunzip < $t/cut.gz > /dev/null; echo $status
# A last block that ends with bytes read ahead past its padding bits (made
# by another gzip, level 9, from "w0 w1 ... w99 "): the trailer starts at
# the next byte boundary, and the checksum read there is right.
echo 'begin 644 w.gz
M''XL(       " Q70QQ$#,0P#P+^K4 E6)%F9VK_5&SL,N/]V>[NCW=GN:G>W
M>]J-=K/=$KU8WH%.=*0S''>I4QSHWN/''F<(,;W. &-[C!#6YRDYMO(3>YR4UN
M<I.;W.(6M[CU+N,6M[C%+6YQF]O<YC:WWPO<YC:WN<T=[G"''.]SASON5.]SA
M#A=<<,$%%UQP\4KA@@LNN>222RZYY)++UQZ77''''%%5=<<<455UR]FJO]/DO6
&&[6'' 0  
 
end' > $t/w.uu
uudecode -p $t/w.uu > $t/w.gz
gunzip < $t/w.gz; echo $status
