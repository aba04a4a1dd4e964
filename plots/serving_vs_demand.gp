# flopcast chart template: chips needed to serve each pool's demand, stacked by service (mode),
# against the chips in the pool.
#
# flopcast fills the @...@ fields and writes this script beside its data file @STEM@.dat: one row
# per pool: pool, "<chips> x <chip>", "<demand> tokens/day", chips in the pool, chips needed,
# needed as % of the pool, two label lines, then the chips each service (mode) needs on it.
# It draws @STEM@.svg, .png and .pdf. Restyle by editing the written copy and running:
#   gnuplot @STEM@.gp
title_text    = "@TITLE@"
subtitle_text = "@SUBTITLE@"
source_text   = "@SOURCE@"
data_file     = "@STEM@.dat"
n_pools       = @POOLS@
n_segments    = @SEGMENTS@
y_label       = "@YLABEL@"
scale         = @SCALE@   # chips per axis unit (the data file holds chips)
array segment_name[n_segments]    = [@NAMES@]
array segment_service[n_segments] = [@COLOURS@]   # the parent service of each segment: its colour

# Colour per service, a different fill pattern per segment, so modes stay apart in greyscale.
service_colour(i) = word("#1b3a5c #b2182b #4d4d4d #2166ac #8c510a #01665e #762a83 #e08214", (i - 1) % 8 + 1)
array pattern[8] = [3, 4, 5, 1, 6, 7, 2, 0]

set label 3 title_text at screen 0.5, screen 0.962 center font ",14"
set label 4 subtitle_text at screen 0.5, screen 0.922 center font ",11"
set key at screen 0.5, screen 0.895 center top horizontal maxcols 4 samplen 3 box opaque width 1
set tmargin at screen (0.855 - 0.035 * ceil((n_segments + 1) / 4.0))
set bmargin at screen 0.19
set lmargin at screen 0.11
set ylabel y_label
set yrange [0:*]
set offsets 0, 0, graph 0.16, 0   # room for the labels above the bars
set grid ytics lc rgb "#c8c8c8"
set format y "%g"
set style data histograms
set style histogram rowstacked
set boxwidth 0.6
set style fill pattern border rgb "black"
set xtics nomirror
set label 1 source_text at screen 0.01, screen 0.015 font ",9" tc rgb "#555555"

# Stacked segments, the pool's chips as a thick dashed line across its bar (on a white line, to
# stand out on a dark segment), and above each bar
# the chips needed as a share of the pool and how much of the demand the pool can serve.
plot_it = 'plot for [i=1:n_segments] data_file using (column(8 + i) / scale):xtic(sprintf("%s\n%s\n%s", strcol(1), strcol(2), strcol(3))) \
    title segment_name[i] fs pattern pattern[(i - 1) % 8 + 1] lc rgb service_colour(segment_service[i]), \
  data_file using ($0 - 0.36):($4 / scale):(0.72):(0) with vectors nohead lw 7 dt 1 lc rgb "white" notitle, \
  data_file using ($0 - 0.36):($4 / scale):(0.72):(0) with vectors nohead lw 3 dt 2 lc rgb "black" title "chips in the pool", \
  data_file using 0:(($4 > $5 ? $4 : $5) / scale):(sprintf("%s\n%s", strcol(7), strcol(8))) with labels offset 0, 1.6 font ",10" notitle'

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
