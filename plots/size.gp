# flopcast chart template: a goal-seek (flopcast size): one target's metric at every candidate
# the search evaluated, the target's threshold, and the answer.
#
# flopcast fills the @...@ fields and writes this script beside its data file @STEM@.dat:
# columns candidate value, metric value (shown unit), 1 if every target holds there else 0.
# It draws @STEM@.svg, .png and .pdf. Restyle by editing the written copy and running:
#   gnuplot @STEM@.gp
title_text    = "@TITLE@"
subtitle_text = "@SUBTITLE@"
source_text   = "@SOURCE@"
x_label       = "@XLABEL@"
y_label       = "@YLABEL@"
data_file     = "@STEM@.dat"
threshold     = @THRESHOLD@
threshold_text = "@THRESHOLD_TEXT@"
show_answer   = @SHOW_ANSWER@   # 1: the targets are met; the answer is marked
answer        = @ANSWER@
answer_text   = "@ANSWER_TEXT@"
log_y         = @LOG_Y@         # 1: the values span more than a factor of 20 (the first doublings)

set label 3 title_text at screen 0.5, screen 0.962 center font ",14"
set label 4 subtitle_text at screen 0.5, screen 0.922 center font ",11"
set label 1 source_text at screen 0.01, screen 0.015 font ",9" tc rgb "#555555"
set key at screen 0.5, screen 0.895 center top horizontal box opaque width 1
set tmargin at screen 0.80
set bmargin at screen 0.15
set xlabel x_label
set ylabel y_label
set grid xtics ytics lc rgb "#d8d8d8"
set offsets graph 0.03, graph 0.03, graph 0.08, graph 0.08
set format x "%.0f"
set xrange [0:*]
if (log_y) { set logscale y; set format y "%g" } else { set yrange [0<*:*] }
if (show_answer) {
  set arrow 1 from answer, graph 0 to answer, graph 1 nohead dt 2 lw 1.5 lc rgb "#1b7837"
  set label 2 answer_text at answer, graph 1 left offset 0.5, -1 font ",10" tc rgb "#1b7837" front
}

plot_it = 'plot threshold with lines dt 3 lw 2 lc rgb "#b2182b" title threshold_text, \
  data_file using 1:($3 > 0 ? $2 : NaN) with points pt 7 ps 1.1 lc rgb "#1b7837" title "every target met", \
  data_file using 1:($3 > 0 ? NaN : $2) with points pt 6 ps 1.1 lc rgb "#08306b" title "a target fails"'

set terminal svg size 960,600 dynamic font "sans,12" background rgb "white" noenhanced
set output "@STEM@.svg"
eval plot_it

set terminal pngcairo size 960,600 font "sans,11" background rgb "white" noenhanced
set output "@STEM@.png"
eval plot_it

set terminal pdfcairo size 6.4in,4in font "sans,11" linewidth 0.5 pointscale 0.5 dashlength 2 background rgb "white" noenhanced
set output "@STEM@.pdf"
eval plot_it
unset output
