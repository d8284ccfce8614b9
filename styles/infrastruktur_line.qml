<qgis styleCategories="Symbology" version="3.22.16-Białowieża">
  <renderer-v2 attr="type" enableorderby="0" forceraster="0" referencescale="-1" symbollevels="0" type="categorizedSymbol">
    <categories>
      <category label="Elstation" render="true" symbol="0" value="el_station"></category>
      <category label="Elledning" render="true" symbol="1" value="el_ledning"></category>
      <category label="Gasledning" render="true" symbol="2" value="gas_ledning"></category>
      <category label="Fjernvarmeområde" render="true" symbol="3" value="fjernvarme_omraade"></category>
      <category label="Fjernvarmeværk" render="true" symbol="4" value="fjernvarme_vaerk"></category>
      <category label="Kloakopland" render="true" symbol="5" value="kloakopland"></category>
      <category label="Renseanlæg" render="true" symbol="6" value="renseanlaeg"></category>
      <category label="Vandværk" render="true" symbol="7" value="vandvaerk"></category>
      <category label="Havn" render="true" symbol="8" value="havn"></category>
      <category label="Jernbaneterminal" render="true" symbol="9" value="jernbane_terminal"></category>
      <category label="Motorvejstilslutning" render="true" symbol="10" value="motorvej_tilslutning"></category>
      <category label="Anden værdi" render="true" symbol="11" value=""></category>
    </categories>
    <symbols>
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="0" type="line">
        <data_defined_properties>
          <Option type="Map">
            <Option name="name" type="QString" value=""></Option>
            <Option name="properties"></Option>
            <Option name="type" type="QString" value="collection"></Option>
          </Option>
        </data_defined_properties>
        <layer class="SimpleLine" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="align_dash_pattern" type="QString" value="0"></Option>
            <Option name="capstyle" type="QString" value="square"></Option>
            <Option name="customdash" type="QString" value="5;2"></Option>
            <Option name="customdash_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="customdash_unit" type="QString" value="MM"></Option>
            <Option name="dash_pattern_offset" type="QString" value="0"></Option>
            <Option name="dash_pattern_offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="dash_pattern_offset_unit" type="QString" value="MM"></Option>
            <Option name="draw_inside_polygon" type="QString" value="0"></Option>
            <Option name="joinstyle" type="QString" value="bevel"></Option>
            <Option name="line_color" type="QString" value="215,48,39,255"></Option>
            <Option name="line_style" type="QString" value="solid"></Option>
            <Option name="line_width" type="QString" value="0.8"></Option>
            <Option name="line_width_unit" type="QString" value="MM"></Option>
            <Option name="offset" type="QString" value="0"></Option>
            <Option name="offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="offset_unit" type="QString" value="MM"></Option>
            <Option name="ring_filter" type="QString" value="0"></Option>
            <Option name="trim_distance_end" type="QString" value="0"></Option>
            <Option name="trim_distance_end_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="trim_distance_end_unit" type="QString" value="MM"></Option>
            <Option name="trim_distance_start" type="QString" value="0"></Option>
            <Option name="trim_distance_start_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="trim_distance_start_unit" type="QString" value="MM"></Option>
            <Option name="tweak_dash_pattern_on_corners" type="QString" value="0"></Option>
            <Option name="use_custom_dash" type="QString" value="0"></Option>
            <Option name="width_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
          </Option>
          <prop k="align_dash_pattern" v="0"></prop>
          <prop k="capstyle" v="square"></prop>
          <prop k="customdash" v="5;2"></prop>
          <prop k="customdash_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="customdash_unit" v="MM"></prop>
          <prop k="dash_pattern_offset" v="0"></prop>
          <prop k="dash_pattern_offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="dash_pattern_offset_unit" v="MM"></prop>
          <prop k="draw_inside_polygon" v="0"></prop>
          <prop k="joinstyle" v="bevel"></prop>
          <prop k="line_color" v="215,48,39,255"></prop>
          <prop k="line_style" v="solid"></prop>
          <prop k="line_width" v="0.8"></prop>
          <prop k="line_width_unit" v="MM"></prop>
          <prop k="offset" v="0"></prop>
          <prop k="offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="offset_unit" v="MM"></prop>
          <prop k="ring_filter" v="0"></prop>
          <prop k="trim_distance_end" v="0"></prop>
          <prop k="trim_distance_end_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="trim_distance_end_unit" v="MM"></prop>
          <prop k="trim_distance_start" v="0"></prop>
          <prop k="trim_distance_start_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="trim_distance_start_unit" v="MM"></prop>
          <prop k="tweak_dash_pattern_on_corners" v="0"></prop>
          <prop k="use_custom_dash" v="0"></prop>
          <prop k="width_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value=""></Option>
              <Option name="properties"></Option>
              <Option name="type" type="QString" value="collection"></Option>
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="1" type="line">
        <data_defined_properties>
          <Option type="Map">
            <Option name="name" type="QString" value=""></Option>
            <Option name="properties"></Option>
            <Option name="type" type="QString" value="collection"></Option>
          </Option>
        </data_defined_properties>
        <layer class="SimpleLine" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="align_dash_pattern" type="QString" value="0"></Option>
            <Option name="capstyle" type="QString" value="square"></Option>
            <Option name="customdash" type="QString" value="5;2"></Option>
            <Option name="customdash_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="customdash_unit" type="QString" value="MM"></Option>
            <Option name="dash_pattern_offset" type="QString" value="0"></Option>
            <Option name="dash_pattern_offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="dash_pattern_offset_unit" type="QString" value="MM"></Option>
            <Option name="draw_inside_polygon" type="QString" value="0"></Option>
            <Option name="joinstyle" type="QString" value="bevel"></Option>
            <Option name="line_color" type="QString" value="215,48,39,255"></Option>
            <Option name="line_style" type="QString" value="solid"></Option>
            <Option name="line_width" type="QString" value="0.8"></Option>
            <Option name="line_width_unit" type="QString" value="MM"></Option>
            <Option name="offset" type="QString" value="0"></Option>
            <Option name="offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="offset_unit" type="QString" value="MM"></Option>
            <Option name="ring_filter" type="QString" value="0"></Option>
            <Option name="trim_distance_end" type="QString" value="0"></Option>
            <Option name="trim_distance_end_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="trim_distance_end_unit" type="QString" value="MM"></Option>
            <Option name="trim_distance_start" type="QString" value="0"></Option>
            <Option name="trim_distance_start_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="trim_distance_start_unit" type="QString" value="MM"></Option>
            <Option name="tweak_dash_pattern_on_corners" type="QString" value="0"></Option>
            <Option name="use_custom_dash" type="QString" value="0"></Option>
            <Option name="width_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
          </Option>
          <prop k="align_dash_pattern" v="0"></prop>
          <prop k="capstyle" v="square"></prop>
          <prop k="customdash" v="5;2"></prop>
          <prop k="customdash_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="customdash_unit" v="MM"></prop>
          <prop k="dash_pattern_offset" v="0"></prop>
          <prop k="dash_pattern_offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="dash_pattern_offset_unit" v="MM"></prop>
          <prop k="draw_inside_polygon" v="0"></prop>
          <prop k="joinstyle" v="bevel"></prop>
          <prop k="line_color" v="215,48,39,255"></prop>
          <prop k="line_style" v="solid"></prop>
          <prop k="line_width" v="0.8"></prop>
          <prop k="line_width_unit" v="MM"></prop>
          <prop k="offset" v="0"></prop>
          <prop k="offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="offset_unit" v="MM"></prop>
          <prop k="ring_filter" v="0"></prop>
          <prop k="trim_distance_end" v="0"></prop>
          <prop k="trim_distance_end_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="trim_distance_end_unit" v="MM"></prop>
          <prop k="trim_distance_start" v="0"></prop>
          <prop k="trim_distance_start_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="trim_distance_start_unit" v="MM"></prop>
          <prop k="tweak_dash_pattern_on_corners" v="0"></prop>
          <prop k="use_custom_dash" v="0"></prop>
          <prop k="width_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value=""></Option>
              <Option name="properties"></Option>
              <Option name="type" type="QString" value="collection"></Option>
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="10" type="line">
        <data_defined_properties>
          <Option type="Map">
            <Option name="name" type="QString" value=""></Option>
            <Option name="properties"></Option>
            <Option name="type" type="QString" value="collection"></Option>
          </Option>
        </data_defined_properties>
        <layer class="SimpleLine" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="align_dash_pattern" type="QString" value="0"></Option>
            <Option name="capstyle" type="QString" value="square"></Option>
            <Option name="customdash" type="QString" value="5;2"></Option>
            <Option name="customdash_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="customdash_unit" type="QString" value="MM"></Option>
            <Option name="dash_pattern_offset" type="QString" value="0"></Option>
            <Option name="dash_pattern_offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="dash_pattern_offset_unit" type="QString" value="MM"></Option>
            <Option name="draw_inside_polygon" type="QString" value="0"></Option>
            <Option name="joinstyle" type="QString" value="bevel"></Option>
            <Option name="line_color" type="QString" value="0,0,0,255"></Option>
            <Option name="line_style" type="QString" value="solid"></Option>
            <Option name="line_width" type="QString" value="0.8"></Option>
            <Option name="line_width_unit" type="QString" value="MM"></Option>
            <Option name="offset" type="QString" value="0"></Option>
            <Option name="offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="offset_unit" type="QString" value="MM"></Option>
            <Option name="ring_filter" type="QString" value="0"></Option>
            <Option name="trim_distance_end" type="QString" value="0"></Option>
            <Option name="trim_distance_end_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="trim_distance_end_unit" type="QString" value="MM"></Option>
            <Option name="trim_distance_start" type="QString" value="0"></Option>
            <Option name="trim_distance_start_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="trim_distance_start_unit" type="QString" value="MM"></Option>
            <Option name="tweak_dash_pattern_on_corners" type="QString" value="0"></Option>
            <Option name="use_custom_dash" type="QString" value="0"></Option>
            <Option name="width_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
          </Option>
          <prop k="align_dash_pattern" v="0"></prop>
          <prop k="capstyle" v="square"></prop>
          <prop k="customdash" v="5;2"></prop>
          <prop k="customdash_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="customdash_unit" v="MM"></prop>
          <prop k="dash_pattern_offset" v="0"></prop>
          <prop k="dash_pattern_offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="dash_pattern_offset_unit" v="MM"></prop>
          <prop k="draw_inside_polygon" v="0"></prop>
          <prop k="joinstyle" v="bevel"></prop>
          <prop k="line_color" v="0,0,0,255"></prop>
          <prop k="line_style" v="solid"></prop>
          <prop k="line_width" v="0.8"></prop>
          <prop k="line_width_unit" v="MM"></prop>
          <prop k="offset" v="0"></prop>
          <prop k="offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="offset_unit" v="MM"></prop>
          <prop k="ring_filter" v="0"></prop>
          <prop k="trim_distance_end" v="0"></prop>
          <prop k="trim_distance_end_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="trim_distance_end_unit" v="MM"></prop>
          <prop k="trim_distance_start" v="0"></prop>
          <prop k="trim_distance_start_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="trim_distance_start_unit" v="MM"></prop>
          <prop k="tweak_dash_pattern_on_corners" v="0"></prop>
          <prop k="use_custom_dash" v="0"></prop>
          <prop k="width_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value=""></Option>
              <Option name="properties"></Option>
              <Option name="type" type="QString" value="collection"></Option>
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="11" type="line">
        <data_defined_properties>
          <Option type="Map">
            <Option name="name" type="QString" value=""></Option>
            <Option name="properties"></Option>
            <Option name="type" type="QString" value="collection"></Option>
          </Option>
        </data_defined_properties>
        <layer class="SimpleLine" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="align_dash_pattern" type="QString" value="0"></Option>
            <Option name="capstyle" type="QString" value="square"></Option>
            <Option name="customdash" type="QString" value="5;2"></Option>
            <Option name="customdash_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="customdash_unit" type="QString" value="MM"></Option>
            <Option name="dash_pattern_offset" type="QString" value="0"></Option>
            <Option name="dash_pattern_offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="dash_pattern_offset_unit" type="QString" value="MM"></Option>
            <Option name="draw_inside_polygon" type="QString" value="0"></Option>
            <Option name="joinstyle" type="QString" value="bevel"></Option>
            <Option name="line_color" type="QString" value="97,97,97,255"></Option>
            <Option name="line_style" type="QString" value="solid"></Option>
            <Option name="line_width" type="QString" value="0.8"></Option>
            <Option name="line_width_unit" type="QString" value="MM"></Option>
            <Option name="offset" type="QString" value="0"></Option>
            <Option name="offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="offset_unit" type="QString" value="MM"></Option>
            <Option name="ring_filter" type="QString" value="0"></Option>
            <Option name="trim_distance_end" type="QString" value="0"></Option>
            <Option name="trim_distance_end_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="trim_distance_end_unit" type="QString" value="MM"></Option>
            <Option name="trim_distance_start" type="QString" value="0"></Option>
            <Option name="trim_distance_start_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="trim_distance_start_unit" type="QString" value="MM"></Option>
            <Option name="tweak_dash_pattern_on_corners" type="QString" value="0"></Option>
            <Option name="use_custom_dash" type="QString" value="0"></Option>
            <Option name="width_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
          </Option>
          <prop k="align_dash_pattern" v="0"></prop>
          <prop k="capstyle" v="square"></prop>
          <prop k="customdash" v="5;2"></prop>
          <prop k="customdash_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="customdash_unit" v="MM"></prop>
          <prop k="dash_pattern_offset" v="0"></prop>
          <prop k="dash_pattern_offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="dash_pattern_offset_unit" v="MM"></prop>
          <prop k="draw_inside_polygon" v="0"></prop>
          <prop k="joinstyle" v="bevel"></prop>
          <prop k="line_color" v="97,97,97,255"></prop>
          <prop k="line_style" v="solid"></prop>
          <prop k="line_width" v="0.8"></prop>
          <prop k="line_width_unit" v="MM"></prop>
          <prop k="offset" v="0"></prop>
          <prop k="offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="offset_unit" v="MM"></prop>
          <prop k="ring_filter" v="0"></prop>
          <prop k="trim_distance_end" v="0"></prop>
          <prop k="trim_distance_end_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="trim_distance_end_unit" v="MM"></prop>
          <prop k="trim_distance_start" v="0"></prop>
          <prop k="trim_distance_start_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="trim_distance_start_unit" v="MM"></prop>
          <prop k="tweak_dash_pattern_on_corners" v="0"></prop>
          <prop k="use_custom_dash" v="0"></prop>
          <prop k="width_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value=""></Option>
              <Option name="properties"></Option>
              <Option name="type" type="QString" value="collection"></Option>
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="2" type="line">
        <data_defined_properties>
          <Option type="Map">
            <Option name="name" type="QString" value=""></Option>
            <Option name="properties"></Option>
            <Option name="type" type="QString" value="collection"></Option>
          </Option>
        </data_defined_properties>
        <layer class="SimpleLine" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="align_dash_pattern" type="QString" value="0"></Option>
            <Option name="capstyle" type="QString" value="square"></Option>
            <Option name="customdash" type="QString" value="5;2"></Option>
            <Option name="customdash_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="customdash_unit" type="QString" value="MM"></Option>
            <Option name="dash_pattern_offset" type="QString" value="0"></Option>
            <Option name="dash_pattern_offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="dash_pattern_offset_unit" type="QString" value="MM"></Option>
            <Option name="draw_inside_polygon" type="QString" value="0"></Option>
            <Option name="joinstyle" type="QString" value="bevel"></Option>
            <Option name="line_color" type="QString" value="253,174,97,255"></Option>
            <Option name="line_style" type="QString" value="solid"></Option>
            <Option name="line_width" type="QString" value="0.8"></Option>
            <Option name="line_width_unit" type="QString" value="MM"></Option>
            <Option name="offset" type="QString" value="0"></Option>
            <Option name="offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="offset_unit" type="QString" value="MM"></Option>
            <Option name="ring_filter" type="QString" value="0"></Option>
            <Option name="trim_distance_end" type="QString" value="0"></Option>
            <Option name="trim_distance_end_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="trim_distance_end_unit" type="QString" value="MM"></Option>
            <Option name="trim_distance_start" type="QString" value="0"></Option>
            <Option name="trim_distance_start_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="trim_distance_start_unit" type="QString" value="MM"></Option>
            <Option name="tweak_dash_pattern_on_corners" type="QString" value="0"></Option>
            <Option name="use_custom_dash" type="QString" value="0"></Option>
            <Option name="width_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
          </Option>
          <prop k="align_dash_pattern" v="0"></prop>
          <prop k="capstyle" v="square"></prop>
          <prop k="customdash" v="5;2"></prop>
          <prop k="customdash_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="customdash_unit" v="MM"></prop>
          <prop k="dash_pattern_offset" v="0"></prop>
          <prop k="dash_pattern_offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="dash_pattern_offset_unit" v="MM"></prop>
          <prop k="draw_inside_polygon" v="0"></prop>
          <prop k="joinstyle" v="bevel"></prop>
          <prop k="line_color" v="253,174,97,255"></prop>
          <prop k="line_style" v="solid"></prop>
          <prop k="line_width" v="0.8"></prop>
          <prop k="line_width_unit" v="MM"></prop>
          <prop k="offset" v="0"></prop>
          <prop k="offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="offset_unit" v="MM"></prop>
          <prop k="ring_filter" v="0"></prop>
          <prop k="trim_distance_end" v="0"></prop>
          <prop k="trim_distance_end_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="trim_distance_end_unit" v="MM"></prop>
          <prop k="trim_distance_start" v="0"></prop>
          <prop k="trim_distance_start_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="trim_distance_start_unit" v="MM"></prop>
          <prop k="tweak_dash_pattern_on_corners" v="0"></prop>
          <prop k="use_custom_dash" v="0"></prop>
          <prop k="width_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value=""></Option>
              <Option name="properties"></Option>
              <Option name="type" type="QString" value="collection"></Option>
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="3" type="line">
        <data_defined_properties>
          <Option type="Map">
            <Option name="name" type="QString" value=""></Option>
            <Option name="properties"></Option>
            <Option name="type" type="QString" value="collection"></Option>
          </Option>
        </data_defined_properties>
        <layer class="SimpleLine" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="align_dash_pattern" type="QString" value="0"></Option>
            <Option name="capstyle" type="QString" value="square"></Option>
            <Option name="customdash" type="QString" value="5;2"></Option>
            <Option name="customdash_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="customdash_unit" type="QString" value="MM"></Option>
            <Option name="dash_pattern_offset" type="QString" value="0"></Option>
            <Option name="dash_pattern_offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="dash_pattern_offset_unit" type="QString" value="MM"></Option>
            <Option name="draw_inside_polygon" type="QString" value="0"></Option>
            <Option name="joinstyle" type="QString" value="bevel"></Option>
            <Option name="line_color" type="QString" value="244,109,67,255"></Option>
            <Option name="line_style" type="QString" value="solid"></Option>
            <Option name="line_width" type="QString" value="0.8"></Option>
            <Option name="line_width_unit" type="QString" value="MM"></Option>
            <Option name="offset" type="QString" value="0"></Option>
            <Option name="offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="offset_unit" type="QString" value="MM"></Option>
            <Option name="ring_filter" type="QString" value="0"></Option>
            <Option name="trim_distance_end" type="QString" value="0"></Option>
            <Option name="trim_distance_end_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="trim_distance_end_unit" type="QString" value="MM"></Option>
            <Option name="trim_distance_start" type="QString" value="0"></Option>
            <Option name="trim_distance_start_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="trim_distance_start_unit" type="QString" value="MM"></Option>
            <Option name="tweak_dash_pattern_on_corners" type="QString" value="0"></Option>
            <Option name="use_custom_dash" type="QString" value="0"></Option>
            <Option name="width_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
          </Option>
          <prop k="align_dash_pattern" v="0"></prop>
          <prop k="capstyle" v="square"></prop>
          <prop k="customdash" v="5;2"></prop>
          <prop k="customdash_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="customdash_unit" v="MM"></prop>
          <prop k="dash_pattern_offset" v="0"></prop>
          <prop k="dash_pattern_offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="dash_pattern_offset_unit" v="MM"></prop>
          <prop k="draw_inside_polygon" v="0"></prop>
          <prop k="joinstyle" v="bevel"></prop>
          <prop k="line_color" v="244,109,67,255"></prop>
          <prop k="line_style" v="solid"></prop>
          <prop k="line_width" v="0.8"></prop>
          <prop k="line_width_unit" v="MM"></prop>
          <prop k="offset" v="0"></prop>
          <prop k="offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="offset_unit" v="MM"></prop>
          <prop k="ring_filter" v="0"></prop>
          <prop k="trim_distance_end" v="0"></prop>
          <prop k="trim_distance_end_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="trim_distance_end_unit" v="MM"></prop>
          <prop k="trim_distance_start" v="0"></prop>
          <prop k="trim_distance_start_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="trim_distance_start_unit" v="MM"></prop>
          <prop k="tweak_dash_pattern_on_corners" v="0"></prop>
          <prop k="use_custom_dash" v="0"></prop>
          <prop k="width_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value=""></Option>
              <Option name="properties"></Option>
              <Option name="type" type="QString" value="collection"></Option>
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="4" type="line">
        <data_defined_properties>
          <Option type="Map">
            <Option name="name" type="QString" value=""></Option>
            <Option name="properties"></Option>
            <Option name="type" type="QString" value="collection"></Option>
          </Option>
        </data_defined_properties>
        <layer class="SimpleLine" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="align_dash_pattern" type="QString" value="0"></Option>
            <Option name="capstyle" type="QString" value="square"></Option>
            <Option name="customdash" type="QString" value="5;2"></Option>
            <Option name="customdash_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="customdash_unit" type="QString" value="MM"></Option>
            <Option name="dash_pattern_offset" type="QString" value="0"></Option>
            <Option name="dash_pattern_offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="dash_pattern_offset_unit" type="QString" value="MM"></Option>
            <Option name="draw_inside_polygon" type="QString" value="0"></Option>
            <Option name="joinstyle" type="QString" value="bevel"></Option>
            <Option name="line_color" type="QString" value="244,109,67,255"></Option>
            <Option name="line_style" type="QString" value="solid"></Option>
            <Option name="line_width" type="QString" value="0.8"></Option>
            <Option name="line_width_unit" type="QString" value="MM"></Option>
            <Option name="offset" type="QString" value="0"></Option>
            <Option name="offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="offset_unit" type="QString" value="MM"></Option>
            <Option name="ring_filter" type="QString" value="0"></Option>
            <Option name="trim_distance_end" type="QString" value="0"></Option>
            <Option name="trim_distance_end_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="trim_distance_end_unit" type="QString" value="MM"></Option>
            <Option name="trim_distance_start" type="QString" value="0"></Option>
            <Option name="trim_distance_start_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="trim_distance_start_unit" type="QString" value="MM"></Option>
            <Option name="tweak_dash_pattern_on_corners" type="QString" value="0"></Option>
            <Option name="use_custom_dash" type="QString" value="0"></Option>
            <Option name="width_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
          </Option>
          <prop k="align_dash_pattern" v="0"></prop>
          <prop k="capstyle" v="square"></prop>
          <prop k="customdash" v="5;2"></prop>
          <prop k="customdash_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="customdash_unit" v="MM"></prop>
          <prop k="dash_pattern_offset" v="0"></prop>
          <prop k="dash_pattern_offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="dash_pattern_offset_unit" v="MM"></prop>
          <prop k="draw_inside_polygon" v="0"></prop>
          <prop k="joinstyle" v="bevel"></prop>
          <prop k="line_color" v="244,109,67,255"></prop>
          <prop k="line_style" v="solid"></prop>
          <prop k="line_width" v="0.8"></prop>
          <prop k="line_width_unit" v="MM"></prop>
          <prop k="offset" v="0"></prop>
          <prop k="offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="offset_unit" v="MM"></prop>
          <prop k="ring_filter" v="0"></prop>
          <prop k="trim_distance_end" v="0"></prop>
          <prop k="trim_distance_end_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="trim_distance_end_unit" v="MM"></prop>
          <prop k="trim_distance_start" v="0"></prop>
          <prop k="trim_distance_start_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="trim_distance_start_unit" v="MM"></prop>
          <prop k="tweak_dash_pattern_on_corners" v="0"></prop>
          <prop k="use_custom_dash" v="0"></prop>
          <prop k="width_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value=""></Option>
              <Option name="properties"></Option>
              <Option name="type" type="QString" value="collection"></Option>
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="5" type="line">
        <data_defined_properties>
          <Option type="Map">
            <Option name="name" type="QString" value=""></Option>
            <Option name="properties"></Option>
            <Option name="type" type="QString" value="collection"></Option>
          </Option>
        </data_defined_properties>
        <layer class="SimpleLine" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="align_dash_pattern" type="QString" value="0"></Option>
            <Option name="capstyle" type="QString" value="square"></Option>
            <Option name="customdash" type="QString" value="5;2"></Option>
            <Option name="customdash_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="customdash_unit" type="QString" value="MM"></Option>
            <Option name="dash_pattern_offset" type="QString" value="0"></Option>
            <Option name="dash_pattern_offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="dash_pattern_offset_unit" type="QString" value="MM"></Option>
            <Option name="draw_inside_polygon" type="QString" value="0"></Option>
            <Option name="joinstyle" type="QString" value="bevel"></Option>
            <Option name="line_color" type="QString" value="69,117,180,255"></Option>
            <Option name="line_style" type="QString" value="solid"></Option>
            <Option name="line_width" type="QString" value="0.8"></Option>
            <Option name="line_width_unit" type="QString" value="MM"></Option>
            <Option name="offset" type="QString" value="0"></Option>
            <Option name="offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="offset_unit" type="QString" value="MM"></Option>
            <Option name="ring_filter" type="QString" value="0"></Option>
            <Option name="trim_distance_end" type="QString" value="0"></Option>
            <Option name="trim_distance_end_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="trim_distance_end_unit" type="QString" value="MM"></Option>
            <Option name="trim_distance_start" type="QString" value="0"></Option>
            <Option name="trim_distance_start_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="trim_distance_start_unit" type="QString" value="MM"></Option>
            <Option name="tweak_dash_pattern_on_corners" type="QString" value="0"></Option>
            <Option name="use_custom_dash" type="QString" value="0"></Option>
            <Option name="width_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
          </Option>
          <prop k="align_dash_pattern" v="0"></prop>
          <prop k="capstyle" v="square"></prop>
          <prop k="customdash" v="5;2"></prop>
          <prop k="customdash_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="customdash_unit" v="MM"></prop>
          <prop k="dash_pattern_offset" v="0"></prop>
          <prop k="dash_pattern_offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="dash_pattern_offset_unit" v="MM"></prop>
          <prop k="draw_inside_polygon" v="0"></prop>
          <prop k="joinstyle" v="bevel"></prop>
          <prop k="line_color" v="69,117,180,255"></prop>
          <prop k="line_style" v="solid"></prop>
          <prop k="line_width" v="0.8"></prop>
          <prop k="line_width_unit" v="MM"></prop>
          <prop k="offset" v="0"></prop>
          <prop k="offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="offset_unit" v="MM"></prop>
          <prop k="ring_filter" v="0"></prop>
          <prop k="trim_distance_end" v="0"></prop>
          <prop k="trim_distance_end_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="trim_distance_end_unit" v="MM"></prop>
          <prop k="trim_distance_start" v="0"></prop>
          <prop k="trim_distance_start_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="trim_distance_start_unit" v="MM"></prop>
          <prop k="tweak_dash_pattern_on_corners" v="0"></prop>
          <prop k="use_custom_dash" v="0"></prop>
          <prop k="width_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value=""></Option>
              <Option name="properties"></Option>
              <Option name="type" type="QString" value="collection"></Option>
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="6" type="line">
        <data_defined_properties>
          <Option type="Map">
            <Option name="name" type="QString" value=""></Option>
            <Option name="properties"></Option>
            <Option name="type" type="QString" value="collection"></Option>
          </Option>
        </data_defined_properties>
        <layer class="SimpleLine" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="align_dash_pattern" type="QString" value="0"></Option>
            <Option name="capstyle" type="QString" value="square"></Option>
            <Option name="customdash" type="QString" value="5;2"></Option>
            <Option name="customdash_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="customdash_unit" type="QString" value="MM"></Option>
            <Option name="dash_pattern_offset" type="QString" value="0"></Option>
            <Option name="dash_pattern_offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="dash_pattern_offset_unit" type="QString" value="MM"></Option>
            <Option name="draw_inside_polygon" type="QString" value="0"></Option>
            <Option name="joinstyle" type="QString" value="bevel"></Option>
            <Option name="line_color" type="QString" value="69,117,180,255"></Option>
            <Option name="line_style" type="QString" value="solid"></Option>
            <Option name="line_width" type="QString" value="0.8"></Option>
            <Option name="line_width_unit" type="QString" value="MM"></Option>
            <Option name="offset" type="QString" value="0"></Option>
            <Option name="offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="offset_unit" type="QString" value="MM"></Option>
            <Option name="ring_filter" type="QString" value="0"></Option>
            <Option name="trim_distance_end" type="QString" value="0"></Option>
            <Option name="trim_distance_end_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="trim_distance_end_unit" type="QString" value="MM"></Option>
            <Option name="trim_distance_start" type="QString" value="0"></Option>
            <Option name="trim_distance_start_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="trim_distance_start_unit" type="QString" value="MM"></Option>
            <Option name="tweak_dash_pattern_on_corners" type="QString" value="0"></Option>
            <Option name="use_custom_dash" type="QString" value="0"></Option>
            <Option name="width_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
          </Option>
          <prop k="align_dash_pattern" v="0"></prop>
          <prop k="capstyle" v="square"></prop>
          <prop k="customdash" v="5;2"></prop>
          <prop k="customdash_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="customdash_unit" v="MM"></prop>
          <prop k="dash_pattern_offset" v="0"></prop>
          <prop k="dash_pattern_offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="dash_pattern_offset_unit" v="MM"></prop>
          <prop k="draw_inside_polygon" v="0"></prop>
          <prop k="joinstyle" v="bevel"></prop>
          <prop k="line_color" v="69,117,180,255"></prop>
          <prop k="line_style" v="solid"></prop>
          <prop k="line_width" v="0.8"></prop>
          <prop k="line_width_unit" v="MM"></prop>
          <prop k="offset" v="0"></prop>
          <prop k="offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="offset_unit" v="MM"></prop>
          <prop k="ring_filter" v="0"></prop>
          <prop k="trim_distance_end" v="0"></prop>
          <prop k="trim_distance_end_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="trim_distance_end_unit" v="MM"></prop>
          <prop k="trim_distance_start" v="0"></prop>
          <prop k="trim_distance_start_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="trim_distance_start_unit" v="MM"></prop>
          <prop k="tweak_dash_pattern_on_corners" v="0"></prop>
          <prop k="use_custom_dash" v="0"></prop>
          <prop k="width_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value=""></Option>
              <Option name="properties"></Option>
              <Option name="type" type="QString" value="collection"></Option>
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="7" type="line">
        <data_defined_properties>
          <Option type="Map">
            <Option name="name" type="QString" value=""></Option>
            <Option name="properties"></Option>
            <Option name="type" type="QString" value="collection"></Option>
          </Option>
        </data_defined_properties>
        <layer class="SimpleLine" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="align_dash_pattern" type="QString" value="0"></Option>
            <Option name="capstyle" type="QString" value="square"></Option>
            <Option name="customdash" type="QString" value="5;2"></Option>
            <Option name="customdash_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="customdash_unit" type="QString" value="MM"></Option>
            <Option name="dash_pattern_offset" type="QString" value="0"></Option>
            <Option name="dash_pattern_offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="dash_pattern_offset_unit" type="QString" value="MM"></Option>
            <Option name="draw_inside_polygon" type="QString" value="0"></Option>
            <Option name="joinstyle" type="QString" value="bevel"></Option>
            <Option name="line_color" type="QString" value="116,173,209,255"></Option>
            <Option name="line_style" type="QString" value="solid"></Option>
            <Option name="line_width" type="QString" value="0.8"></Option>
            <Option name="line_width_unit" type="QString" value="MM"></Option>
            <Option name="offset" type="QString" value="0"></Option>
            <Option name="offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="offset_unit" type="QString" value="MM"></Option>
            <Option name="ring_filter" type="QString" value="0"></Option>
            <Option name="trim_distance_end" type="QString" value="0"></Option>
            <Option name="trim_distance_end_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="trim_distance_end_unit" type="QString" value="MM"></Option>
            <Option name="trim_distance_start" type="QString" value="0"></Option>
            <Option name="trim_distance_start_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="trim_distance_start_unit" type="QString" value="MM"></Option>
            <Option name="tweak_dash_pattern_on_corners" type="QString" value="0"></Option>
            <Option name="use_custom_dash" type="QString" value="0"></Option>
            <Option name="width_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
          </Option>
          <prop k="align_dash_pattern" v="0"></prop>
          <prop k="capstyle" v="square"></prop>
          <prop k="customdash" v="5;2"></prop>
          <prop k="customdash_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="customdash_unit" v="MM"></prop>
          <prop k="dash_pattern_offset" v="0"></prop>
          <prop k="dash_pattern_offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="dash_pattern_offset_unit" v="MM"></prop>
          <prop k="draw_inside_polygon" v="0"></prop>
          <prop k="joinstyle" v="bevel"></prop>
          <prop k="line_color" v="116,173,209,255"></prop>
          <prop k="line_style" v="solid"></prop>
          <prop k="line_width" v="0.8"></prop>
          <prop k="line_width_unit" v="MM"></prop>
          <prop k="offset" v="0"></prop>
          <prop k="offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="offset_unit" v="MM"></prop>
          <prop k="ring_filter" v="0"></prop>
          <prop k="trim_distance_end" v="0"></prop>
          <prop k="trim_distance_end_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="trim_distance_end_unit" v="MM"></prop>
          <prop k="trim_distance_start" v="0"></prop>
          <prop k="trim_distance_start_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="trim_distance_start_unit" v="MM"></prop>
          <prop k="tweak_dash_pattern_on_corners" v="0"></prop>
          <prop k="use_custom_dash" v="0"></prop>
          <prop k="width_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value=""></Option>
              <Option name="properties"></Option>
              <Option name="type" type="QString" value="collection"></Option>
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="8" type="line">
        <data_defined_properties>
          <Option type="Map">
            <Option name="name" type="QString" value=""></Option>
            <Option name="properties"></Option>
            <Option name="type" type="QString" value="collection"></Option>
          </Option>
        </data_defined_properties>
        <layer class="SimpleLine" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="align_dash_pattern" type="QString" value="0"></Option>
            <Option name="capstyle" type="QString" value="square"></Option>
            <Option name="customdash" type="QString" value="5;2"></Option>
            <Option name="customdash_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="customdash_unit" type="QString" value="MM"></Option>
            <Option name="dash_pattern_offset" type="QString" value="0"></Option>
            <Option name="dash_pattern_offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="dash_pattern_offset_unit" type="QString" value="MM"></Option>
            <Option name="draw_inside_polygon" type="QString" value="0"></Option>
            <Option name="joinstyle" type="QString" value="bevel"></Option>
            <Option name="line_color" type="QString" value="49,54,149,255"></Option>
            <Option name="line_style" type="QString" value="solid"></Option>
            <Option name="line_width" type="QString" value="0.8"></Option>
            <Option name="line_width_unit" type="QString" value="MM"></Option>
            <Option name="offset" type="QString" value="0"></Option>
            <Option name="offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="offset_unit" type="QString" value="MM"></Option>
            <Option name="ring_filter" type="QString" value="0"></Option>
            <Option name="trim_distance_end" type="QString" value="0"></Option>
            <Option name="trim_distance_end_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="trim_distance_end_unit" type="QString" value="MM"></Option>
            <Option name="trim_distance_start" type="QString" value="0"></Option>
            <Option name="trim_distance_start_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="trim_distance_start_unit" type="QString" value="MM"></Option>
            <Option name="tweak_dash_pattern_on_corners" type="QString" value="0"></Option>
            <Option name="use_custom_dash" type="QString" value="0"></Option>
            <Option name="width_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
          </Option>
          <prop k="align_dash_pattern" v="0"></prop>
          <prop k="capstyle" v="square"></prop>
          <prop k="customdash" v="5;2"></prop>
          <prop k="customdash_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="customdash_unit" v="MM"></prop>
          <prop k="dash_pattern_offset" v="0"></prop>
          <prop k="dash_pattern_offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="dash_pattern_offset_unit" v="MM"></prop>
          <prop k="draw_inside_polygon" v="0"></prop>
          <prop k="joinstyle" v="bevel"></prop>
          <prop k="line_color" v="49,54,149,255"></prop>
          <prop k="line_style" v="solid"></prop>
          <prop k="line_width" v="0.8"></prop>
          <prop k="line_width_unit" v="MM"></prop>
          <prop k="offset" v="0"></prop>
          <prop k="offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="offset_unit" v="MM"></prop>
          <prop k="ring_filter" v="0"></prop>
          <prop k="trim_distance_end" v="0"></prop>
          <prop k="trim_distance_end_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="trim_distance_end_unit" v="MM"></prop>
          <prop k="trim_distance_start" v="0"></prop>
          <prop k="trim_distance_start_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="trim_distance_start_unit" v="MM"></prop>
          <prop k="tweak_dash_pattern_on_corners" v="0"></prop>
          <prop k="use_custom_dash" v="0"></prop>
          <prop k="width_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value=""></Option>
              <Option name="properties"></Option>
              <Option name="type" type="QString" value="collection"></Option>
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="9" type="line">
        <data_defined_properties>
          <Option type="Map">
            <Option name="name" type="QString" value=""></Option>
            <Option name="properties"></Option>
            <Option name="type" type="QString" value="collection"></Option>
          </Option>
        </data_defined_properties>
        <layer class="SimpleLine" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="align_dash_pattern" type="QString" value="0"></Option>
            <Option name="capstyle" type="QString" value="square"></Option>
            <Option name="customdash" type="QString" value="5;2"></Option>
            <Option name="customdash_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="customdash_unit" type="QString" value="MM"></Option>
            <Option name="dash_pattern_offset" type="QString" value="0"></Option>
            <Option name="dash_pattern_offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="dash_pattern_offset_unit" type="QString" value="MM"></Option>
            <Option name="draw_inside_polygon" type="QString" value="0"></Option>
            <Option name="joinstyle" type="QString" value="bevel"></Option>
            <Option name="line_color" type="QString" value="94,79,162,255"></Option>
            <Option name="line_style" type="QString" value="solid"></Option>
            <Option name="line_width" type="QString" value="0.8"></Option>
            <Option name="line_width_unit" type="QString" value="MM"></Option>
            <Option name="offset" type="QString" value="0"></Option>
            <Option name="offset_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="offset_unit" type="QString" value="MM"></Option>
            <Option name="ring_filter" type="QString" value="0"></Option>
            <Option name="trim_distance_end" type="QString" value="0"></Option>
            <Option name="trim_distance_end_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="trim_distance_end_unit" type="QString" value="MM"></Option>
            <Option name="trim_distance_start" type="QString" value="0"></Option>
            <Option name="trim_distance_start_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
            <Option name="trim_distance_start_unit" type="QString" value="MM"></Option>
            <Option name="tweak_dash_pattern_on_corners" type="QString" value="0"></Option>
            <Option name="use_custom_dash" type="QString" value="0"></Option>
            <Option name="width_map_unit_scale" type="QString" value="3x:0,0,0,0,0,0"></Option>
          </Option>
          <prop k="align_dash_pattern" v="0"></prop>
          <prop k="capstyle" v="square"></prop>
          <prop k="customdash" v="5;2"></prop>
          <prop k="customdash_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="customdash_unit" v="MM"></prop>
          <prop k="dash_pattern_offset" v="0"></prop>
          <prop k="dash_pattern_offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="dash_pattern_offset_unit" v="MM"></prop>
          <prop k="draw_inside_polygon" v="0"></prop>
          <prop k="joinstyle" v="bevel"></prop>
          <prop k="line_color" v="94,79,162,255"></prop>
          <prop k="line_style" v="solid"></prop>
          <prop k="line_width" v="0.8"></prop>
          <prop k="line_width_unit" v="MM"></prop>
          <prop k="offset" v="0"></prop>
          <prop k="offset_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="offset_unit" v="MM"></prop>
          <prop k="ring_filter" v="0"></prop>
          <prop k="trim_distance_end" v="0"></prop>
          <prop k="trim_distance_end_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="trim_distance_end_unit" v="MM"></prop>
          <prop k="trim_distance_start" v="0"></prop>
          <prop k="trim_distance_start_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <prop k="trim_distance_start_unit" v="MM"></prop>
          <prop k="tweak_dash_pattern_on_corners" v="0"></prop>
          <prop k="use_custom_dash" v="0"></prop>
          <prop k="width_map_unit_scale" v="3x:0,0,0,0,0,0"></prop>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value=""></Option>
              <Option name="properties"></Option>
              <Option name="type" type="QString" value="collection"></Option>
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
    </symbols>
    <rotation></rotation>
    <sizescale></sizescale>
  </renderer-v2>
  <blendMode>0</blendMode>
  <featureBlendMode>0</featureBlendMode>
  <layerGeometryType>1</layerGeometryType>
</qgis>
