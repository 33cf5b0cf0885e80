-- Column widths of the Staat's DOCX tables, measured from their content (pandoc gives every
-- column of a pipe table the same width, so "Omgevingsdienst" broke mid-word). Each column first
-- gets room for its longest word (header words count bold, a little wider) plus the cell
-- margins; what is left of the text width goes to the columns whose average cell is longer
-- than that (capped, so one long text column does not squeeze the rest). Measures in points for
-- the reference document: A4 with 2 cm margins (482 pt), DejaVu Sans 10 pt.

local TEKSTBREEDTE = 482     -- pt
local TEKEN = 5.9            -- pt, an average character of DejaVu Sans 10 pt, a little generous
local CELMARGE = 6           -- pt, left and right cell margin together (referentie.docx)
local GEMIDDELD_HOOGSTENS = 40

local function lengte(tekst)
  return utf8.len(tekst) or #tekst
end

local function langste_woord(tekst, factor)
  local langste = 0
  for woord in tekst:gmatch("%S+") do
    langste = math.max(langste, math.ceil(lengte(woord) * factor))
  end
  return langste
end

function Table(tabel)
  local n = #tabel.colspecs
  local langste, totaal, aantal = {}, {}, {}
  for j = 1, n do
    langste[j], totaal[j], aantal[j] = 1, 0, 0
  end
  local function meet(rij, factor)
    for j, cel in ipairs(rij.cells) do
      if j <= n then
        local tekst = pandoc.utils.stringify(cel.contents)
        totaal[j] = totaal[j] + lengte(tekst)
        aantal[j] = aantal[j] + 1
        langste[j] = math.max(langste[j], langste_woord(tekst, factor))
      end
    end
  end
  for _, rij in ipairs(tabel.head.rows) do meet(rij, 1.1) end
  for _, deel in ipairs(tabel.bodies) do
    for _, rij in ipairs(deel.body) do meet(rij, 1) end
  end
  local minimum, extra, som_minimum, som_extra = {}, {}, 0, 0
  for j = 1, n do
    local gemiddeld = aantal[j] > 0 and totaal[j] / aantal[j] or 1
    minimum[j] = (langste[j] + 1) * TEKEN + CELMARGE
    extra[j] = math.max(0, math.min(gemiddeld, GEMIDDELD_HOOGSTENS) * TEKEN + CELMARGE - minimum[j])
    som_minimum = som_minimum + minimum[j]
    som_extra = som_extra + extra[j]
  end
  local rest = TEKSTBREEDTE - som_minimum
  for j = 1, n do
    local breedte
    if rest <= 0 then
      breedte = minimum[j] / som_minimum
    elseif som_extra > 0 then
      breedte = (minimum[j] + rest * extra[j] / som_extra) / TEKSTBREEDTE
    else
      breedte = (minimum[j] + rest / n) / TEKSTBREEDTE
    end
    tabel.colspecs[j] = {tabel.colspecs[j][1], breedte}
  end
  return tabel
end
