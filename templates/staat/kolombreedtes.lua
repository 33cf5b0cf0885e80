-- Column widths of the Staat's DOCX tables, measured from their content (pandoc gives every
-- column of a pipe table the same width, so "Omgevingsdienst" broke mid-word): each column
-- weighs as much as its longest word, or its average cell length when that is longer (capped,
-- so one long text column does not squeeze the rest); widths are those weights as fractions.

local GEMIDDELD_HOOGSTENS = 40

local function lengte(tekst)
  return utf8.len(tekst) or #tekst
end

function Table(tabel)
  local n = #tabel.colspecs
  local langste, totaal, aantal = {}, {}, {}
  for j = 1, n do
    langste[j], totaal[j], aantal[j] = 1, 0, 0
  end
  local function meet(rij)
    for j, cel in ipairs(rij.cells) do
      if j <= n then
        local tekst = pandoc.utils.stringify(cel.contents)
        totaal[j] = totaal[j] + lengte(tekst)
        aantal[j] = aantal[j] + 1
        for woord in tekst:gmatch("%S+") do
          langste[j] = math.max(langste[j], lengte(woord))
        end
      end
    end
  end
  for _, rij in ipairs(tabel.head.rows) do meet(rij) end
  for _, deel in ipairs(tabel.bodies) do
    for _, rij in ipairs(deel.body) do meet(rij) end
  end
  local gewicht, som = {}, 0
  for j = 1, n do
    local gemiddeld = aantal[j] > 0 and totaal[j] / aantal[j] or 1
    gewicht[j] = math.max(langste[j] + 1, math.min(gemiddeld, GEMIDDELD_HOOGSTENS))
    som = som + gewicht[j]
  end
  for j = 1, n do
    tabel.colspecs[j] = {tabel.colspecs[j][1], gewicht[j] / som}
  end
  return tabel
end
